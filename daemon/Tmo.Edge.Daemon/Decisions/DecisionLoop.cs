using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Daemon.Judging;
using Tmo.Edge.Daemon.Metrics;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Daemon.Decisions;

/// <summary>
/// Decides accepted turns: dialogues are spread over ordered lanes (a dialogue's turns always share one, so they run
/// strictly in order) and lanes run in parallel. Each lane: decide and answer -> record durably -> publish. Bounded
/// lanes give the MQTT ingress backpressure. At start it re-queues turns accepted before a crash and has the answers
/// recorded but not yet published sent again (<see cref="AnswerPublisher"/>); new turns wait for that
/// (<see cref="WhenResumedAsync"/>), so a dialogue's resumed turn is always decided before its next one.
/// <see cref="DialogueMaintenance"/> runs beside the lanes.
/// </summary>
public sealed partial class DecisionLoop : BackgroundService
{
    private readonly Channel<TurnWork>[] _lanes;
    private readonly PolicyInForce _policy;
    private readonly TurnProcessorFactory _processors;
    private readonly TurnJournal _journal;
    private readonly DialogueTracker _dialogues;
    private readonly BudgetSettings _budgets;
    private readonly AnswerPublisher _answers;
    private readonly DurableWrites _writes;
    private readonly DialogueMaintenance _maintenance;
    private readonly DaemonMetrics _metrics;
    private readonly DecisionLoopHealth _health;
    private readonly CloudSpendGuard _spendGuard;
    private readonly TurnJudge _judge;
    private readonly ShadowAnswerer _shadows;
    private readonly TimeProvider _time;
    private readonly ILogger<DecisionLoop> _logger;
    private readonly TaskCompletionSource _resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DecisionLoop(
        IOptions<DecisionLoopOptions> options,
        PolicyInForce policy,
        TurnProcessorFactory processors,
        TurnJournal journal,
        DialogueTracker dialogues,
        BudgetSettings budgets,
        AnswerPublisher answers,
        DurableWrites writes,
        DialogueMaintenance maintenance,
        DaemonMetrics metrics,
        DecisionLoopHealth health,
        CloudSpendGuard spendGuard,
        TurnJudge judge,
        ShadowAnswerer shadows,
        TimeProvider time,
        ILogger<DecisionLoop> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _lanes = Enumerable.Range(0, options.Value.Lanes)
            .Select(_ => Channel.CreateBounded<TurnWork>(new BoundedChannelOptions(options.Value.LaneCapacity) { SingleReader = true }))
            .ToArray();
        _policy = policy;
        _processors = processors;
        _journal = journal;
        _dialogues = dialogues;
        _budgets = budgets;
        _answers = answers;
        _writes = writes;
        _maintenance = maintenance;
        _metrics = metrics;
        _health = health;
        _spendGuard = spendGuard;
        _judge = judge;
        _shadows = shadows;
        _time = time;
        _logger = logger;
    }

    /// <summary>Completes once the turns accepted before the last stop are back in their lanes.</summary>
    public Task WhenResumedAsync(CancellationToken cancellationToken) => _resumed.Task.WaitAsync(cancellationToken);

    /// <summary>Queues a durably accepted turn; waits while its lane is full (backpressure).</summary>
    public ValueTask EnqueueAsync(TurnWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return _lanes[LaneOf(work.DialogueId)].Writer.WriteAsync(work, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lanes = Enumerable.Range(0, _lanes.Length).Select(lane => RunLaneAsync(lane, stoppingToken)).ToList();
        try
        {
            await ResumeAsync(stoppingToken);
            _resumed.TrySetResult();
        }
        catch (Exception ex)
        {
            _resumed.TrySetException(ex);
            throw;
        }

        lanes.Add(_maintenance.RunAsync(stoppingToken));
        _health.Started();
        await Task.WhenAll(lanes);
    }

    /// <summary>Re-queues the turns accepted before the last stop; the lanes already run, so a long backlog cannot fill them.</summary>
    private async Task ResumeAsync(CancellationToken stoppingToken)
    {
        await _answers.AdoptUnpublishedAsync(stoppingToken);
        await _answers.RepublishAsync(stoppingToken);
        var pending = await _journal.PendingAsync(stoppingToken);
        foreach (var turn in pending)
        {
            await EnqueueAsync(Work(turn), stoppingToken);
        }

        if (pending.Count > 0)
        {
            LogResumed(_logger, pending.Count);
        }
    }

    private async Task RunLaneAsync(int lane, CancellationToken stoppingToken)
    {
        var policy = _policy.Current;
        var processor = _processors.For(policy);
        try
        {
            await foreach (var work in _lanes[lane].Reader.ReadAllAsync(stoppingToken))
            {
                // A policy activated from the console (cmd/policy) applies from the next turn on.
                if (!ReferenceEquals(policy, _policy.Current))
                {
                    policy = _policy.Current;
                    processor = _processors.For(policy);
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
            (decided, ct) => _answers.PublishDecisionAsync(ResponseComposer.Decision(work.DialogueId, accepted.Sequence, decided), ct),
            cancellationToken);

        await _writes.WriteAsync(ct => _journal.CompleteAsync(accepted.TurnId, outcome, ct), work.DialogueId, cancellationToken);
        var task = _policy.Current.Scenario.Tasks.Names[work.TaskId];
        // Recorded, so a rating has a turn to land on; neither offer waits, and a shadow runs only once the lanes are
        // idle, after this answer is out (docs/policy.md, "Learning on the device").
        if (_judge.Offer(work.DialogueId, accepted.Sequence, task, work.Prompt, outcome))
        {
            _shadows.Offer(work.DialogueId, accepted.Sequence, task, work.Prompt, work.Reply?.Account ?? string.Empty, outcome, _policy.Current.Scenario.Actions);
        }

        dialogue.Record(outcome.Action, work.TaskId, outcome.LatencyS, outcome.UsageUsd);
        _metrics.Decided(outcome.Location, outcome.Action, outcome.DecisionTime);
        _metrics.DailyCloudRemaining(_spendGuard.RemainingUsd);
        if (outcome is { Status: TurnStatus.Failed, Location: { } failedAt })
        {
            _metrics.RunnerFailed(failedAt);
        }

        if (await _answers.TryPublishAnswerAsync(accepted.TurnId, work.Reply, ResponseComposer.Response(dialogue, accepted.Sequence, task, outcome), cancellationToken))
        {
            if (!work.Resumed)
            {
                // Monotonic: a wall clock stepped while the turn ran must not turn into a day of latency, or none.
                _metrics.Answered(_time.GetElapsedTime(work.ReceivedTimestamp) - outcome.RunnerTime);
            }

            await _answers.NotePublishedAsync(accepted.TurnId, work.DialogueId, cancellationToken);
        }
    }

    private TurnWork Work(TurnRecord turn) => new(
        Task.FromResult(new AcceptedTurn(turn.Id, turn.Sequence, turn.Status, Duplicate: false)),
        turn.DialogueId,
        turn.Prompt,
        _policy.Current.Scenario.Tasks.TryGetId(turn.Task, out var task) ? task : 0,
        turn.ReceivedAt,
        Resumed: true)
    {
        Reply = AnswerPublisher.RouteOf(turn),
    };

    private int LaneOf(string dialogueId) => (int)((uint)StringComparer.Ordinal.GetHashCode(dialogueId) % (uint)_lanes.Length);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming {Count} turns accepted before the last stop")]
    private static partial void LogResumed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A turn of dialogue {DialogueId} was not recorded ({Reason}); the broker will deliver it again")]
    private static partial void LogNotRecorded(ILogger logger, string dialogueId, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Decision lane {Lane} stopped")]
    private static partial void LogLaneFailed(ILogger logger, Exception exception, int lane);
}
