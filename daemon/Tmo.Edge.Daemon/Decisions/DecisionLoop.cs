using System.Collections.Concurrent;
using System.Threading.Channels;
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

    private readonly Channel<TurnWork>[] _lanes;

    /// <summary>
    /// Turns whose response someone is publishing: a lane from before it records the outcome until it has noted the
    /// publish, or the periodic republish once it has claimed a turn. Each is published by whoever holds it.
    /// </summary>
    private readonly ConcurrentDictionary<long, byte> _publishing = new();
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
        new(policy, _assets.LocalRunner, _assets.CloudRunner, _spendGuard, _frames, _sensors);

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

        var dialogue = await _dialogues.GetAsync(work.DialogueId, cancellationToken);
        if (accepted.Duplicate || accepted.Sequence <= dialogue.CompletedTurns)
        {
            return;
        }

        var outcome = await processor.ProcessAsync(
            dialogue,
            accepted.Sequence,
            work.Prompt,
            work.TaskId,
            _budgets.MaxDialogueTurns,
            (decided, ct) => PublishDecisionAsync(ResponseComposer.Decision(work.DialogueId, accepted.Sequence, decided), ct),
            cancellationToken);

        _publishing.TryAdd(accepted.TurnId, 0);
        try
        {
            await _journal.CompleteAsync(accepted.TurnId, ResponseComposer.Record(outcome), cancellationToken);
            dialogue.Record(outcome.Action, work.TaskId, outcome.LatencyS, outcome.UsageUsd);
            _metrics.Decided(outcome.Location, outcome.Action, outcome.DecisionTime);
            _metrics.DailyCloudRemaining(_spendGuard.RemainingUsd);
            if (outcome.Status == TurnStatus.Failed)
            {
                _metrics.RunnerFailed(outcome.Action == 0 ? "local" : "cloud");
            }

            var task = _assets.Policy.Scenario.Tasks.Names[work.TaskId];
            if (await PublishQuietlyAsync(TopicLayout.Response, ResponseComposer.Response(dialogue, accepted.Sequence, task, outcome), cancellationToken))
            {
                if (!work.Resumed)
                {
                    _metrics.Answered(_time.GetUtcNow() - work.ReceivedAt - outcome.RunnerTime);
                }

                await _journal.MarkPublishedAsync(accepted.TurnId, cancellationToken);
            }
        }
        finally
        {
            _publishing.TryRemove(accepted.TurnId, out _);
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

    /// <summary>
    /// Publishes the answers recorded but not published. A lane publishing its own turn holds it (see
    /// <see cref="_publishing"/>); without that, a turn read here between its lane recording and noting the publish
    /// went out twice, a duplicate answer with no fault at all. The second read, after claiming, drops the turns
    /// whose lane finished in between.
    /// </summary>
    private async Task RepublishAsync(CancellationToken cancellationToken)
    {
        var claimed = new HashSet<long>();
        try
        {
            foreach (var turn in await _journal.UnpublishedAsync(cancellationToken))
            {
                if (_publishing.TryAdd(turn.Id, 0))
                {
                    claimed.Add(turn.Id);
                }
            }

            if (claimed.Count == 0)
            {
                return;
            }

            foreach (var turn in await _journal.UnpublishedAsync(cancellationToken))
            {
                if (!claimed.Contains(turn.Id))
                {
                    continue;
                }

                var dialogue = await _dialogues.GetAsync(turn.DialogueId, cancellationToken);
                var outcome = ResponseComposer.Restore(turn, _assets.Policy.Version);
                if (!await PublishQuietlyAsync(TopicLayout.Response, ResponseComposer.Response(dialogue, turn.Sequence, turn.Task, outcome), cancellationToken))
                {
                    return;
                }

                await _journal.MarkPublishedAsync(turn.Id, cancellationToken);
            }
        }
        finally
        {
            foreach (var id in claimed)
            {
                _publishing.TryRemove(id, out _);
            }
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

    private async Task<bool> PublishQuietlyAsync(string topic, byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            await _publisher.PublishAsync(topic, payload, retain: false, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPublishFailed(_logger, topic, ex.Message);
            return false;
        }
    }

    private TurnWork Work(TurnRecord turn) => new(
        Task.FromResult(new AcceptedTurn(turn.Id, turn.Sequence, turn.Status, Duplicate: false)),
        turn.DialogueId,
        turn.Prompt,
        _assets.Policy.Scenario.Tasks.TryGetId(turn.Task, out var task) ? task : 0,
        turn.ReceivedAt,
        Resumed: true);

    private int LaneOf(string dialogueId) => (int)((uint)StringComparer.Ordinal.GetHashCode(dialogueId) % (uint)_lanes.Length);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming {Count} turns accepted before the last stop")]
    private static partial void LogResumed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A turn of dialogue {DialogueId} was not recorded ({Reason}); the broker will deliver it again")]
    private static partial void LogNotRecorded(ILogger logger, string dialogueId, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Decision lane {Lane} stopped")]
    private static partial void LogLaneFailed(ILogger logger, Exception exception, int lane);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish on {Topic} ({Reason}); the answer is recorded and will be retried")]
    private static partial void LogPublishFailed(ILogger logger, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A decision was not published ({Reason}); its response carries it")]
    private static partial void LogDecisionNotPublished(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dialogue maintenance failed; retrying later")]
    private static partial void LogMaintenanceFailed(ILogger logger, Exception exception);
}
