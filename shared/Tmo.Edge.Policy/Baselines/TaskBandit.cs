using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Learning;

namespace Tmo.Edge.Policy.Baselines;

/// <summary>
/// The paper's "exploration-decision" family: one multi-armed bandit per task over the 1 + 2^X actions,
/// trained on the training environment's rewards, then exploited greedily (highest mean reward).
/// Subclasses choose how to explore while training (epsilon-greedy or UCB1).
/// </summary>
public abstract class TaskBandit : IActionPolicy
{
    private readonly int _taskOffset;

    protected TaskBandit(int taskCount, int actionCount, int taskOffset)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(taskCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(actionCount);
        ActionCount = actionCount;
        _taskOffset = taskOffset;
        Pulls = new int[taskCount, actionCount];
        MeanReward = new double[taskCount, actionCount];
        TaskPulls = new int[taskCount];
    }

    public int ActionCount { get; }

    protected int[,] Pulls { get; }

    protected double[,] MeanReward { get; }

    protected int[] TaskPulls { get; }

    public void Train(ITrainingEnvironment environment, int steps, int seed)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var random = new Random(seed);
        var observation = new float[environment.ObservationLength];
        environment.Reset(observation);
        for (var step = 0; step < steps; step++)
        {
            var task = TaskOf(observation);
            var action = Explore(task, random);
            var outcome = environment.Step(action, observation);
            Pulls[task, action]++;
            TaskPulls[task]++;
            MeanReward[task, action] += (outcome.Reward - MeanReward[task, action]) / Pulls[task, action];
            if (outcome.Done)
            {
                environment.Reset(observation);
            }
        }
    }

    public int Decide(ReadOnlySpan<float> observation, ReadOnlySpan<bool> allowed, Span<float> probabilities)
    {
        var task = TaskOf(observation);
        var best = -1;
        var greedy = 0;
        for (var a = 0; a < ActionCount; a++)
        {
            if (MeanReward[task, a] > MeanReward[task, greedy])
            {
                greedy = a;
            }

            if ((allowed.IsEmpty || allowed[a]) && (best < 0 || MeanReward[task, a] > MeanReward[task, best]))
            {
                best = a;
            }
        }

        probabilities[..ActionCount].Clear();
        probabilities[greedy] = 1;
        return best;
    }

    /// <summary>The action to try while training on <paramref name="task"/>.</summary>
    protected abstract int Explore(int task, Random random);

    protected int Greedy(int task)
    {
        var best = 0;
        for (var a = 1; a < ActionCount; a++)
        {
            if (MeanReward[task, a] > MeanReward[task, best])
            {
                best = a;
            }
        }

        return best;
    }

    private int TaskOf(ReadOnlySpan<float> observation)
    {
        var task = (int)observation[_taskOffset];
        return task >= 0 && task < TaskPulls.Length
            ? task
            : throw new ArgumentException($"Observation holds task id {task}, outside the bandit's {TaskPulls.Length} tasks.", nameof(observation));
    }
}
