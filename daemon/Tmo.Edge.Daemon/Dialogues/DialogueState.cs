namespace Tmo.Edge.Daemon.Dialogues;

/// <summary>
/// One dialogue as the decision loop sees it: the budgets it started with, what it spent, and the action and task
/// of every turn so far (the policy's observation is rebuilt from its own history). Only the dialogue's lane
/// touches it, so it needs no locking.
/// </summary>
public sealed class DialogueState(string id, double latencyBudgetS, double usageBudgetUsd)
{
    private readonly List<int> _actions = [];
    private readonly List<int> _taskIds = [];

    public string Id { get; } = id;

    public double LatencyBudgetS { get; } = latencyBudgetS;

    public double UsageBudgetUsd { get; } = usageBudgetUsd;

    public double SpentLatencyS { get; private set; }

    public double SpentUsageUsd { get; private set; }

    public DateTimeOffset LastActivity { get; set; }

    public int CompletedTurns => _actions.Count;

    public double RemainingLatencyS => LatencyBudgetS - SpentLatencyS;

    public double RemainingUsageUsd => UsageBudgetUsd - SpentUsageUsd;

    /// <summary>Actions of the completed turns; -1 for a turn answered with an error.</summary>
    public IReadOnlyList<int> Actions => _actions;

    public IReadOnlyList<int> TaskIds => _taskIds;

    /// <summary>Restores what the dialogue had spent before a restart (its turns come back through <see cref="Record"/>).</summary>
    public void RestoreSpend(double latencyS, double usageUsd)
    {
        SpentLatencyS = latencyS;
        SpentUsageUsd = usageUsd;
    }

    public void Record(int action, int taskId, double latencyS, double usageUsd)
    {
        _actions.Add(action);
        _taskIds.Add(taskId);
        SpentLatencyS += latencyS;
        SpentUsageUsd += usageUsd;
    }
}
