using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Daemon.Hosting;
using Tmo.Edge.Daemon.Ingress;
using Tmo.Edge.Daemon.Metrics;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Daemon.Decisions;

/// <summary>
/// Decides accepted turns: dialogues are spread over ordered lanes (a dialogue's turns always share one, so they run
/// strictly in order) and lanes run in parallel. Each lane: decide and answer -> record durably -> publish. Bounded
/// lanes give the MQTT ingress backpressure. At start it re-queues turns accepted before a crash and republishes
/// answers that were recorded but not yet published; later it retries unpublished answers periodically.
/// </summary>
public sealed partial class DecisionLoop : BackgroundService
{
    private static readonly TimeSpan RepublishInterval = TimeSpan.FromSeconds(5);

    // A full disk is freed by an operator or the retention sweep, a lock by its holder: seconds to minutes, so the
    // retries start quickly and settle at a pace that keeps the log readable.
    private static readonly TimeSpan StoreRetryInitial = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan StoreRetryMax = TimeSpan.FromSeconds(5);

    private readonly Channel<TurnWork>[] _lanes;

    // Recorded answers whose publishing failed (broker away), for the periodic retry. Only these: a sweep of every
    // unpublished row also caught answers a lane was publishing, or was slow to note as published (store locked or
    // full), and sent them twice (found by the soak, 5 of 6,000 turns at 100 prompts/s, and by the locked-store test).
    private readonly ConcurrentDictionary<long, byte> _unpublished = new();
    private readonly DaemonAssets _assets;
    private readonly CameraFrames _frames;
    private readonly SensorReadings _sensors;
    private readonly TurnJournal _journal;
    private readonly DialogueTracker _dialogues;
    private readonly BudgetSettings _budgets;
    private readonly IMessagePublisher _publisher;
    private readonly DaemonMetrics _metrics;
    private readonly DecisionLoopHealth _health;
    private readonly CloudSpendGuard _spendGuard;
    private readonly LaterTurnPlanner _planner;
    private readonly IOptions<BudgetOptions> _budgetOptions;
    private readonly TimeProvider _time;
    private readonly ILogger<DecisionLoop> _logger;

    public DecisionLoop(
        IOptions<DecisionLoopOptions> options,
        DaemonAssets assets,
        CameraFrames frames,
        SensorReadings sensors,
        TurnJournal journal,
        DialogueTracker dialogues,
        BudgetSettings budgets,
        IMessagePublisher publisher,
        DaemonMetrics metrics,
        DecisionLoopHealth health,
        CloudSpendGuard spendGuard,
        LaterTurnPlanner planner,
        IOptions<BudgetOptions> budgetOptions,
        TimeProvider time,
        ILogger<DecisionLoop> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _lanes = Enumerable.Range(0, options.Value.Lanes)
            .Select(_ => Channel.CreateBounded<TurnWork>(new BoundedChannelOptions(options.Value.LaneCapacity) { SingleReader = true }))
            .ToArray();
        _assets = assets;
        _frames = frames;
        _sensors = sensors;
        _journal = journal;
        _dialogues = dialogues;
        _budgets = budgets;
        _publisher = publisher;
        _metrics = metrics;
        _health = health;
        _spendGuard = spendGuard;
        _planner = planner;
        _budgetOptions = budgetOptions;
        _time = time;
        _logger = logger;
    }

    /// <summary>Queues a durably accepted turn; waits while its lane is full (backpressure).</summary>
    public ValueTask EnqueueAsync(TurnWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return _lanes[LaneOf(work.DialogueId)].Writer.WriteAsync(work, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Answers recorded before the last stop but never published: no lane will publish them, the retry must.
        foreach (var turn in await _journal.UnpublishedAsync(stoppingToken))
        {
            _unpublished.TryAdd(turn.Id, 0);
        }

        await RepublishAsync(stoppingToken);
        var pending = await _journal.PendingAsync(stoppingToken);
        foreach (var turn in pending)
        {
            await EnqueueAsync(Work(turn), stoppingToken);
        }

        if (pending.Count > 0)
        {
            LogResumed(_logger, pending.Count);
        }

        var lanes = Enumerable.Range(0, _lanes.Length).Select(lane => RunLaneAsync(lane, stoppingToken)).ToList();
        lanes.Add(MaintainAsync(stoppingToken));
        _health.Started();
        await Task.WhenAll(lanes);
    }

    private TurnProcessor NewProcessor(PolicyRuntime policy) =>
        new(policy.ForLane(), _assets.LocalRunner, _assets.CloudRunner, _spendGuard, _planner, _frames, _sensors);

    private async Task RunLaneAsync(int lane, CancellationToken stoppingToken)
    {
        var policy = _assets.Policy;
        var processor = NewProcessor(policy);
        try
        {
            await foreach (var work in _lanes[lane].Reader.ReadAllAsync(stoppingToken))
            {
                // A policy activated from the console (cmd/policy) applies from the next turn on.
                if (!ReferenceEquals(policy, _assets.Policy))
                {
                    policy = _assets.Policy;
                    processor = NewProcessor(policy);
                }

                _health.TurnStarted(lane);
                try
                {
                    await DecideAsync(processor, work, stoppingToken);
                }
                finally
                {
                    _health.TurnEnded(lane);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: queued turns stay Pending in the journal and are resumed at the next start.
        }
        catch (Exception ex)
        {
            _health.LaneStopped(lane);
            LogLaneFailed(_logger, ex, lane);
            throw;
        }
    }

    private async Task DecideAsync(TurnProcessor processor, TurnWork work, CancellationToken cancellationToken)
    {
        AcceptedTurn accepted;
        try
        {
            accepted = await work.Accepted;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Never recorded, so never acknowledged: the broker delivers it again.
            LogNotRecorded(_logger, work.DialogueId, ex.Message);
            return;
        }

        if (accepted.OwnedByAnother)
        {
            // Refused on the sender's `error` by the router; the owner's dialogue is left as it was.
            return;
        }

        var dialogue = await _dialogues.GetAsync(work.DialogueId, cancellationToken);
        if (accepted.Duplicate || accepted.Sequence <= dialogue.CompletedTurns)
        {
            return;
        }

        var outcome = await processor.ProcessAsync(
            work.Reply,
            dialogue,
            accepted.Sequence,
            work.Prompt,
            work.TaskId,
            _budgets.MaxDialogueTurns,
            (decided, ct) => PublishDecisionAsync(ResponseComposer.Decision(work.DialogueId, accepted.Sequence, decided), ct),
            cancellationToken);

        var record = ResponseComposer.Record(outcome);
        await StoreAsync(ct => _journal.CompleteAsync(accepted.TurnId, record, ct), work.DialogueId, cancellationToken);
        dialogue.Record(outcome.Action, work.TaskId, outcome.LatencyS, outcome.UsageUsd);
        _metrics.Decided(outcome.Location, outcome.Action, outcome.DecisionTime);
        _metrics.DailyCloudRemaining(_spendGuard.RemainingUsd);
        if (outcome.Status == TurnStatus.Failed)
        {
            _metrics.RunnerFailed(outcome.Action == 0 ? "local" : "cloud");
        }

        var task = _assets.Policy.Scenario.Tasks.Names[work.TaskId];
        if (await PublishAnswerAsync(work.Reply, ResponseComposer.Response(dialogue, accepted.Sequence, task, outcome), cancellationToken))
        {
            if (!work.Resumed)
            {
                // Monotonic: a wall clock stepped while the turn ran must not turn into a day of latency, or none.
                _metrics.Answered(_time.GetElapsedTime(work.ReceivedTimestamp) - outcome.RunnerTime);
            }

            await StoreAsync(ct => _journal.MarkPublishedAsync(accepted.TurnId, ct), work.DialogueId, cancellationToken);
        }
        else
        {
            _unpublished.TryAdd(accepted.TurnId, 0);
        }
    }

    /// <summary>
    /// Writes what a turn that has already run (or been published) must keep, retrying for as long as the store
    /// refuses (disk full, file locked by another process). The prompt was acknowledged and the runner paid for, so the turn is never run
    /// again and the lane never given up: its dialogue's later turns wait behind it, and the lanes' backpressure holds
    /// new prompts at the broker. An outcome not written would leave the turn pending (run twice after a restart); a
    /// publication not noted would have the answer published twice by the republisher.
    /// </summary>
    private async Task StoreAsync(Func<CancellationToken, Task> write, string dialogueId, CancellationToken cancellationToken)
    {
        var delay = StoreRetryInitial;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await write(cancellationToken);
                if (attempt > 1)
                {
                    LogStored(_logger, dialogueId, attempt);
                }

                return;
            }
            catch (Exception ex) when (ex is DbUpdateException or SqliteException)
            {
                if (attempt == 1)
                {
                    LogStoreRefused(_logger, dialogueId, (ex.InnerException ?? ex).Message);
                }

                await Task.Delay(delay, _time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, StoreRetryMax.Ticks));
            }
        }
    }

    /// <summary>Evicts idle dialogues and retries answers that could not be published (broker away).</summary>
    private async Task MaintainAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(RepublishInterval, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                var idleSince = _time.GetUtcNow() - _budgetOptions.Value.DialogueIdleTimeout;
                _dialogues.Evict(idleSince);
                await _journal.CloseIdleDialoguesAsync(idleSince, stoppingToken);
                await RepublishAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogMaintenanceFailed(_logger, ex);
            }
        }
    }

    private async Task RepublishAsync(CancellationToken cancellationToken)
    {
        foreach (var turn in await _journal.UnpublishedAsync(cancellationToken))
        {
            if (!_unpublished.ContainsKey(turn.Id))
            {
                continue;
            }

            var dialogue = await _dialogues.GetAsync(turn.DialogueId, cancellationToken);
            var outcome = ResponseComposer.Restore(turn, _assets.Policy.Version);
            if (!await PublishAnswerAsync(RouteOf(turn), ResponseComposer.Response(dialogue, turn.Sequence, turn.Task, outcome), cancellationToken))
            {
                return;
            }

            await StoreAsync(ct => _journal.MarkPublishedAsync(turn.Id, ct), turn.DialogueId, cancellationToken);
            _unpublished.TryRemove(turn.Id, out _);
        }
    }

    /// <summary>
    /// At QoS 0: a decision is for observers as it happens and the response repeats it, so the lane does not wait for
    /// the broker before running the turn.
    /// </summary>
    private async Task PublishDecisionAsync(byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            await _publisher.PublishBestEffortAsync(TopicLayout.Decision, payload, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDecisionNotPublished(_logger, ex.Message);
        }
    }

    private async Task<bool> PublishAnswerAsync(ReplyRoute? route, byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            await (route is null
                ? _publisher.PublishAsync(TopicLayout.Response, payload, retain: false, cancellationToken)
                : _publisher.ReplyAsync(route, payload, partial: false, cancellationToken));
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPublishFailed(_logger, route?.ResponseTopic ?? TopicLayout.Response, ex.Message);
            return false;
        }
    }

    /// <summary>Where a recorded turn's answer goes: as the request asked, or `out/response` for a turn from before accounts.</summary>
    private static ReplyRoute? RouteOf(TurnRecord turn) =>
        turn.ReplyTopic is { } topic && turn.Dialogue?.Owner is { } owner
            ? new ReplyRoute(owner, topic, turn.CorrelationData ?? ReadOnlyMemory<byte>.Empty)
            : null;

    private TurnWork Work(TurnRecord turn) => new(
        Task.FromResult(new AcceptedTurn(turn.Id, turn.Sequence, turn.Status, Duplicate: false)),
        turn.DialogueId,
        turn.Prompt,
        _assets.Policy.Scenario.Tasks.TryGetId(turn.Task, out var task) ? task : 0,
        turn.ReceivedAt,
        Resumed: true)
    {
        Reply = RouteOf(turn),
    };

    private int LaneOf(string dialogueId) => (int)((uint)StringComparer.Ordinal.GetHashCode(dialogueId) % (uint)_lanes.Length);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming {Count} turns accepted before the last stop")]
    private static partial void LogResumed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A turn of dialogue {DialogueId} was not recorded ({Reason}); the broker will deliver it again")]
    private static partial void LogNotRecorded(ILogger logger, string dialogueId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The database refused the outcome of a turn of dialogue {DialogueId} ({Reason}); retrying until it is stored")]
    private static partial void LogStoreRefused(ILogger logger, string dialogueId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The outcome of a turn of dialogue {DialogueId} was stored at attempt {Attempt}")]
    private static partial void LogStored(ILogger logger, string dialogueId, int attempt);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Decision lane {Lane} stopped")]
    private static partial void LogLaneFailed(ILogger logger, Exception exception, int lane);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish on {Topic} ({Reason}); the answer is recorded and will be retried")]
    private static partial void LogPublishFailed(ILogger logger, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A decision was not published ({Reason}); its response carries it")]
    private static partial void LogDecisionNotPublished(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dialogue maintenance failed; retrying later")]
    private static partial void LogMaintenanceFailed(ILogger logger, Exception exception);
}
