namespace Tmo.Edge.Policy.Baselines;

/// <summary>Per-task UCB1 (Auer et al. 2002): every action once, then the highest mean + sqrt(2 ln n / n_a).</summary>
public sealed class Ucb1Bandit(int taskCount, int actionCount, int taskOffset) : TaskBandit(taskCount, actionCount, taskOffset)
{
    protected override int Explore(int task, Random random)
    {
        var best = -1;
        var bestBound = double.NegativeInfinity;
        for (var a = 0; a < ActionCount; a++)
        {
            if (Pulls[task, a] == 0)
            {
                return a;
            }

            var bound = MeanReward[task, a] + Math.Sqrt(2 * Math.Log(TaskPulls[task]) / Pulls[task, a]);
            if (bound > bestBound)
            {
                bestBound = bound;
                best = a;
            }
        }

        return best;
    }
}
