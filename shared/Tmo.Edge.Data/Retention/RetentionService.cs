using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Retention;

/// <summary>
/// Keeps the database from growing without bound: at start and then every sweep interval it deletes dialogues idle
/// longer than the retention period (with their turns) and older telemetry and audit rows. The spend ledger stays.
/// A failed sweep is logged and retried at the next interval; it never stops the daemon.
/// </summary>
public sealed partial class RetentionService(
    IDbContextFactory<TmoEdgeDbContext> contexts,
    IOptions<StorageOptions> options,
    TimeProvider time,
    ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionSweepInterval, time);
        do
        {
            try
            {
                var sweep = await SweepAsync(stoppingToken);
                LogSwept(logger, sweep.Cutoff, sweep.Dialogues, sweep.Turns, sweep.TelemetrySamples, sweep.AuditEntries);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Deletes everything older than the retention period, in one transaction.</summary>
    public async Task<RetentionSweep> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Old is not the same as finished: a wall clock stepped forward past the retention period (a board that booted
        // with its RTC behind, then NTP) makes turns in flight look old. A dialogue keeps its rows while any turn is
        // still to be answered or published, so every acknowledged prompt keeps its one row.
        var finished = db.Dialogues.Where(d => d.LastActivityAt < cutoff
            && !db.Turns.Any(t => t.DialogueId == d.Id && (t.Status == TurnStatus.Pending || t.PublishedAt == null)));

        // Turns first, explicitly, so that they are counted; the cascade would delete them silently.
        var turns = await db.Turns.Where(t => finished.Any(d => d.Id == t.DialogueId)).ExecuteDeleteAsync(cancellationToken);
        var dialogues = await finished.ExecuteDeleteAsync(cancellationToken);
        var samples = await db.TelemetrySamples.Where(s => s.At < cutoff).ExecuteDeleteAsync(cancellationToken);
        var audit = await db.AuditLog.Where(a => a.At < cutoff).ExecuteDeleteAsync(cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return new RetentionSweep(cutoff, dialogues, turns, samples, audit);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Retention sweep before {Cutoff:O}: deleted {Dialogues} dialogues, {Turns} turns, {TelemetrySamples} telemetry samples, {AuditEntries} audit entries")]
    private static partial void LogSwept(ILogger logger, DateTimeOffset cutoff, int dialogues, int turns, int telemetrySamples, int auditEntries);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention sweep failed; retrying at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
