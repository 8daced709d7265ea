using System.Diagnostics;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Daemon.Ingress;
using Tmo.Edge.Policy.Actions;
using Tmo.Edge.Policy.Decisions;

namespace Tmo.Edge.Daemon.Decisions;

/// <summary>
/// Decides and answers one turn: observation from the dialogue's own history, each action's quoted cost, runner
/// feasibility and the daily cloud cap, the shielded policy, then the runner. One per lane: it owns its model's policy
/// instance and scratch buffers, so it is not thread-safe.
/// </summary>
public sealed class TurnProcessor
{
    // Quotes need no context; only the chosen runner gets the sensor readings.
    private static readonly IReadOnlyDictionary<string, string> EmptySensors = new Dictionary<string, string>();

    private readonly DecisionModel _model;
    private readonly ILlmRunner _local;
    private readonly ILlmRunner _cloud;
    private readonly CloudSpendGuard _spendGuard;
    private readonly LaterTurnPlanner _planner;
    private readonly CameraFrames _frames;
    private readonly SensorReadings _sensors;
    private readonly OffloadDecider _decider;
    private readonly ActionSpace _actions;
    private readonly float[] _observation;
    private readonly float[] _probabilities;
    private readonly double[] _latency;
    private readonly double[] _usage;
    private readonly double[] _reserveLatency;
    private readonly double[] _reserveUsage;
    private readonly bool[] _feasible;
    private readonly string?[] _infeasibleReasons;
    private readonly MaskedAction[] _masked;

    public TurnProcessor(
        DecisionModel model, ILlmRunner local, ILlmRunner cloud, CloudSpendGuard spendGuard, LaterTurnPlanner planner, CameraFrames frames, SensorReadings sensors)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _local = local;
        _cloud = cloud;
        _spendGuard = spendGuard;
        _planner = planner;
        _frames = frames;
        _sensors = sensors;
        _decider = new OffloadDecider(model.Policy);
        _actions = model.Scenario.Actions;
        _observation = new float[model.Layout.Length];
        _probabilities = new float[_actions.Count];
        _latency = new double[_actions.Count];
        _usage = new double[_actions.Count];
        _reserveLatency = new double[_actions.Count];
        _reserveUsage = new double[_actions.Count];
        _feasible = new bool[_actions.Count];
        _infeasibleReasons = new string?[_actions.Count];
        _masked = new MaskedAction[_actions.Count];
    }

    /// <param name="onDecided">Called with the decision before the runner starts, so observers see it at once.</param>
    /// <param name="reply">Who sent the turn (only that account's frames and sensor readings go with it) and where partial answers go.</param>
    public async Task<TurnOutcome> ProcessAsync(
        ReplyRoute? reply,
        DialogueState dialogue,
        int turn,
        string prompt,
        int taskId,
        int maxDialogueTurns,
        Func<TurnOutcome, CancellationToken, Task> onDecided,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onDecided);
        ArgumentNullException.ThrowIfNull(dialogue);
        var clock = Stopwatch.StartNew();
        var task = _model.Scenario.Tasks.Names[taskId];
        WriteObservation(dialogue, taskId);
        var requests = Enumerable.Range(0, _actions.Count)
            .Select(a => new RunnerRequest(dialogue.Id, turn, prompt, task, _actions.ViewsOf(a).ToArray(), [], EmptySensors))
            .ToArray();
        Quote(requests);
        _planner.ObserveQuotes(_latency, _usage);
        var laterTurns = _planner.Plan(dialogue.CompletedTurns, maxDialogueTurns, _reserveLatency, _reserveUsage);

        var (decision, maskedCount, reservedTurns) = Decide(dialogue, laterTurns);
        CloudReservation? reservation = null;
        if (decision >= 0 && ActionSpace.IsCloud(decision) && (reservation = _spendGuard.TryReserve(_usage[decision])) is null)
        {
            // Another lane took the cap between quoting and reserving: decide again without the cloud.
            MaskCloud("daily cloud cap reached");
            (decision, maskedCount, reservedTurns) = Decide(dialogue, laterTurns);
        }

        var masked = _masked[..maskedCount].Select(m => new MaskedDecision(m.Action, m.Reason, Explain(m, dialogue, reservedTurns))).ToArray();
        var probabilities = _probabilities.ToArray();
        if (decision < 0)
        {
            var error = RefusalReason(dialogue);
            return new TurnOutcome(TurnStatus.Refused, -1, [], probabilities, masked, string.Empty, 0, 0, 0, _model.Version, error, clock.Elapsed);
        }

        var views = _actions.ViewsOf(decision).ToArray();
        var decided = new TurnOutcome(TurnStatus.Answered, decision, views, probabilities, masked, string.Empty, 0, 0, 0, _model.Version, null, clock.Elapsed);
        await onDecided(decided, cancellationToken);

        var runner = ActionSpace.IsCloud(decision) ? _cloud : _local;
        var account = reply?.Account ?? string.Empty;
        var request = requests[decision] with { Frames = _frames.For(account, views), Sensors = _sensors.Snapshot(account), Reply = reply };
        var runnerStart = Stopwatch.GetTimestamp();
        try
        {
            var result = await runner.RunAsync(request, new CostQuote(_latency[decision], _usage[decision]), cancellationToken);
            if (reservation is { } booked)
            {
                _spendGuard.Settle(booked, result.UsageUsd);
            }

            return decided with
            {
                Text = WithoutNul(result.Text),
                LatencyS = result.LatencyS,
                UsageUsd = result.UsageUsd,
                EnergyJ = result.EnergyJ,
                RunnerTime = Stopwatch.GetElapsedTime(runnerStart),
                SpendDay = reservation?.Day,
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (reservation is { } released)
            {
                _spendGuard.Settle(released, 0);
            }

            var runnerTime = Stopwatch.GetElapsedTime(runnerStart);

            // The user waited for the failed call as for an answer, so the dialogue's latency budget pays for it (up to
            // the ceiling the shield planned with); charging nothing let the dialogue's real waiting outrun its budget.
            return decided with
            {
                Status = TurnStatus.Failed,
                Error = $"{runner.Name} failed: {ex.Message}",
                LatencyS = Math.Min(runnerTime.TotalSeconds, _latency[decision]),
                RunnerTime = runnerTime,
            };
        }
    }

    /// <summary>
    /// A model can emit a NUL (llama byte token 0x00); Microsoft.Data.Sqlite ends a TEXT value at the first one
    /// (dotnet/efcore#7583), so the journal kept a cut answer while the device got the whole one, and a republish after
    /// a restart would have sent a different answer. A NUL means nothing in an answer: it is dropped before either.
    /// </summary>
    private static string WithoutNul(string text) => text.Replace("\0", string.Empty, StringComparison.Ordinal);

    private void WriteObservation(DialogueState dialogue, int taskId)
    {
        var turnIndex = dialogue.CompletedTurns;
        var actions = new int[turnIndex + 1];
        var tasks = new int[turnIndex + 1];
        for (var t = 0; t < turnIndex; t++)
        {
            actions[t] = dialogue.Actions[t];
            tasks[t] = dialogue.TaskIds[t];
        }

        tasks[turnIndex] = taskId;
        _model.Layout.Write(_actions, actions, tasks, turnIndex, dialogue.RemainingLatencyS, dialogue.RemainingUsageUsd, _observation);
    }

    private void Quote(RunnerRequest[] requests)
    {
        var cloudRoomUsd = _spendGuard.RemainingUsd;
        for (var a = 0; a < requests.Length; a++)
        {
            var runner = ActionSpace.IsCloud(a) ? _cloud : _local;
            var quote = runner.Quote(requests[a]);
            _latency[a] = quote.LatencyS;
            _usage[a] = quote.UsageUsd;
            _infeasibleReasons[a] = runner.Unavailable
                ?? (ActionSpace.IsCloud(a) && quote.UsageUsd > cloudRoomUsd
                    ? $"daily cloud cap: {Math.Max(0, cloudRoomUsd):0.#####} USD left of {_spendGuard.CapUsd:0.##}"
                    : null);
            _feasible[a] = _infeasibleReasons[a] is null;
        }
    }

    private void MaskCloud(string reason)
    {
        for (var a = 1; a < _feasible.Length; a++)
        {
            _feasible[a] = false;
            _infeasibleReasons[a] = reason;
        }
    }

    private (int Action, int MaskedCount, int ReservedTurns) Decide(DialogueState dialogue, int laterTurns)
    {
        var reserve = new LaterTurnReserve(laterTurns, _reserveLatency, _reserveUsage);
        var request = new DecisionRequest(_observation, _latency, _usage, _feasible, dialogue.RemainingLatencyS, dialogue.RemainingUsageUsd, reserve);
        var decision = _decider.Decide(request, _probabilities, _masked);
        return (decision.Action, decision.MaskedCount, decision.ReservedTurns);
    }

    /// <summary>Why nothing could answer: what blocks every action, or the budgets left against the cheapest one that can run.</summary>
    private string RefusalReason(DialogueState dialogue)
    {
        var remainingLatency = Math.Max(0, dialogue.RemainingLatencyS);
        var remainingUsage = Math.Max(0, dialogue.RemainingUsageUsd);
        if (BudgetShield.CheapestFeasible(_latency, _usage, _feasible, remainingLatency, remainingUsage) is not { } cheapest)
        {
            var blocks = _infeasibleReasons.Where(r => r is not null).Distinct(StringComparer.Ordinal);
            return $"{RefusalReasons.NothingCanRun}: {string.Join("; ", blocks)}";
        }

        return $"{RefusalReasons.BudgetExhausted}: {remainingLatency:0.###} s and {remainingUsage:0.#####} USD left; the cheapest action that can run " +
            $"({Describe(cheapest)}) needs {_latency[cheapest]:0.###} s and {_usage[cheapest]:0.#####} USD";
    }

    private string Describe(int action) => ActionKinds.Of(action) switch
    {
        ActionKind.Local => "local",
        ActionKind.CloudText => "cloud, text only",
        _ => $"cloud with views {string.Join(", ", _actions.ViewsOf(action).ToArray())}",
    };

    private string Explain(MaskedAction masked, DialogueState dialogue, int reservedTurns) => masked.Reason switch
    {
        MaskReason.Infeasible => _infeasibleReasons[masked.Action] ?? "infeasible",
        MaskReason.LatencyBudget => $"latency budget: {_latency[masked.Action]:0.###} s > {dialogue.RemainingLatencyS:0.###} s left",
        MaskReason.UsageBudget => $"usage budget: {_usage[masked.Action]:0.#####} USD > {dialogue.RemainingUsageUsd:0.#####} USD left",
        MaskReason.LatencyReserve =>
            $"latency reserve: {_latency[masked.Action]:0.###} s of {dialogue.RemainingLatencyS:0.###} s left would not leave room for {reservedTurns} later turns",
        _ => $"usage reserve: {_usage[masked.Action]:0.#####} USD of {dialogue.RemainingUsageUsd:0.#####} USD left would not leave room for {reservedTurns} later turns",
    };
}
