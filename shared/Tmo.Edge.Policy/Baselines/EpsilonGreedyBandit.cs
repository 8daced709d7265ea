namespace Tmo.Edge.Policy.Baselines;

/// <summary>Per-task epsilon-greedy: a uniformly random action with probability epsilon, else the best mean.</summary>
public sealed class EpsilonGreedyBandit(int taskCount, int actionCount, int taskOffset, double epsilon = EpsilonGreedyBandit.DefaultEpsilon)
    : TaskBandit(taskCount, actionCount, taskOffset)
{
    public const double DefaultEpsilon = 0.1;

    protected override int Explore(int task, Random random) =>
        random.NextDouble() < epsilon ? random.Next(ActionCount) : Greedy(task);
}
