using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Metrics;
using Tmo.Edge.Daemon.Policies;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Data.Policies;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Daemon.Learning;

/// <summary>
/// The learning on the device (docs/policy.md, "Learning on the device"): every check interval it reads the journal's
/// rated dialogues and, when a round is due and the device is idle and cool (<see cref="LearningGate"/>), takes the
/// <see cref="TrainingSlot"/> and runs one <see cref="ChampionChallengerRound"/>. One round at a time, never beside a
/// `cmd/policy` retraining, cancelled at shutdown. A round that fails is not tried again before more rated turns
/// arrive: the same evidence would fail the same way, at a full training's cost each time.
/// </summary>
public sealed partial class LearningService(
    IOptions<LearningOptions> options,
    DeviceEvidence evidence,
    ChampionChallengerRound round,
    PolicyRoundStore rounds,
    PolicyInForce policy,
    DecisionLoopHealth loop,
    TelemetryState telemetry,
    LocalFeasibility feasibility,
    TrainingSlot slot,
    LearningStatus status,
    DaemonMetrics metrics,
    TimeProvider time,
    ILogger<LearningService> logger) : BackgroundService
{
    private DateTimeOffset? _failedAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            status.Update(new LearningState(LearningState.Off, "Tmo:Learning:Enabled is false"), 0, lastRound: null);
            return;
        }

        using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One check: runs a round when one is due and may run; returns its record, else null.</summary>
    internal async Task<PolicyRoundRecord?> CheckAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var current = policy.Current;
        var dialogues = await evidence.ReadAsync(current.Scenario.Tasks, current.Scenario.ModalityCount, settings.HeldOutShare, cancellationToken);
        var last = await rounds.LatestAsync(cancellationToken);
        // A failed round is not tried again on the same evidence.
        var since = _failedAt is { } failed && (last is null || failed > last.At) ? failed : last?.At;
        if (LearningGate.Blocker(settings, dialogues, dialogues.RatedTurnsSince(since), Activity()) is { } blocker)
        {
            status.Update(blocker, dialogues.RatedTurns, last);
            return null;
        }

        if (!slot.TryTake())
        {
            status.Update(new LearningState(LearningState.WaitingForTraining, "a retraining from the console is running"), dialogues.RatedTurns, last);
            return null;
        }

        try
        {
            status.Update(new LearningState(LearningState.Training, $"challenging {current.Version}"), dialogues.RatedTurns, last);
            var record = await round.RunAsync(dialogues, settings, cancellationToken);
            metrics.LearningRound(record.Promoted ? "promoted" : "held");
            status.Update(new LearningState(LearningState.WaitingForRatedTurns, $"{settings.RetrainAfterRatedTurns} more rated turns"), dialogues.RatedTurns, record);
            return record;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _failedAt = time.GetUtcNow();
            metrics.LearningRound("failed");
            LogRoundFailed(logger, ex);
            status.Update(new LearningState(LearningState.Failed, ex.Message), dialogues.RatedTurns, last);
            return null;
        }
        finally
        {
            slot.Release();
        }
    }

    private DeviceActivity Activity()
    {
        var latest = telemetry.Latest;
        var hottest = latest is null ? null : feasibility.Hottest(latest.TemperaturesC);
        return new DeviceActivity(slot.IsTaken, loop.IdleFor, hottest?.Celsius, latest?.GpuLoadPercent, feasibility.Limits.ThermalLimitC);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A learning round failed; the policy in force stays, and the next round waits for more rated turns")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
