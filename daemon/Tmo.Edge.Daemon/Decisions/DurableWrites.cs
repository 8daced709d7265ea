using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Tmo.Edge.Daemon.Decisions;

/// <summary>
/// Writes what a turn that has already run (or been published) must keep, retrying for as long as the store refuses
/// (disk full, file locked by another process). The prompt was acknowledged and the runner paid for, so the turn is
/// never run again and its lane never given up: the dialogue's later turns wait behind it, and the lanes'
/// backpressure holds new prompts at the broker. An outcome not written would leave the turn pending (run twice after
/// a restart); a publication not noted would have the answer published twice by the republisher.
/// </summary>
public sealed partial class DurableWrites
{
    // A full disk is freed by an operator or the retention sweep, a lock by its holder: seconds to minutes, so the
    // retries start quickly and settle at a pace that keeps the log readable.
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan SlowestRetry = TimeSpan.FromSeconds(5);
    private static readonly ResiliencePropertyKey<string> DialogueKey = new("tmo.dialogue");

    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger<DurableWrites> _logger;

    public DurableWrites(TimeProvider time, ILogger<DurableWrites> logger)
    {
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<DbUpdateException>().Handle<SqliteException>(),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = FirstRetry,
                MaxDelay = SlowestRetry,
                OnRetry = args =>
                {
                    if (args.AttemptNumber == 0 && args.Outcome.Exception is { } refused)
                    {
                        LogStoreRefused(_logger, args.Context.Properties.GetValue(DialogueKey, "?"), (refused.InnerException ?? refused).Message);
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Runs <paramref name="write"/> until it succeeds or <paramref name="cancellationToken"/> stops the daemon.</summary>
    public async Task WriteAsync(Func<CancellationToken, Task> write, string dialogueId, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(DialogueKey, dialogueId);
        var attempts = 0;
        try
        {
            await _pipeline.ExecuteAsync(
                async (ctx, state) =>
                {
                    attempts++;
                    await state(ctx.CancellationToken);
                },
                context,
                write);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (attempts > 1)
        {
            LogStored(_logger, dialogueId, attempts);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The database refused the outcome of a turn of dialogue {DialogueId} ({Reason}); retrying until it is stored")]
    private static partial void LogStoreRefused(ILogger logger, string dialogueId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The outcome of a turn of dialogue {DialogueId} was stored at attempt {Attempt}")]
    private static partial void LogStored(ILogger logger, string dialogueId, int attempt);
}
