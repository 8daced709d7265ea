using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Data.Journal;

namespace Tmo.Edge.Daemon.Decisions;

/// <summary>
/// Every few seconds: closes dialogues idle past Tmo:Budgets:DialogueIdleTimeout (in memory and in the journal) and
/// retries the answers that could not be published. A failed round is logged and the next one tries again.
/// </summary>
public sealed partial class DialogueMaintenance(
    DialogueTracker dialogues,
    TurnJournal journal,
    AnswerPublisher answers,
    IOptions<BudgetOptions> budgets,
    TimeProvider time,
    ILogger<DialogueMaintenance> logger)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                var idleSince = time.GetUtcNow() - budgets.Value.DialogueIdleTimeout;
                dialogues.Evict(idleSince);
                await journal.CloseIdleDialoguesAsync(idleSince, stoppingToken);
                await answers.RepublishAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogMaintenanceFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Dialogue maintenance failed; retrying later")]
    private static partial void LogMaintenanceFailed(ILogger logger, Exception exception);
}
