using Tmo.Edge.Policy.Baselines;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Learning;

namespace Tmo.Edge.Policy.Training;

/// <summary>Builds a comparison method's policy for one split: trains learners and bandits, seeds the baselines.</summary>
public static class MethodTrainer
{
    public static TrainedMethod Train(
        MethodSpec method,
        SplitWorkspace workspace,
        TrainingSetup setup,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(setup);
        var actions = workspace.Scenario.Actions.Count;
        var tasks = workspace.Scenario.Tasks.Count;
        var taskOffset = workspace.Scenario.History.CurrentTaskOffset;
        switch (method.Family)
        {
            case MethodFamily.Random:
                return new TrainedMethod(method, WeightedRandomPolicy.Random(actions, workspace.Seed), null);
            case MethodFamily.LocalOnly:
                return new TrainedMethod(method, WeightedRandomPolicy.LocalOnly(actions), null);
            case MethodFamily.CloudOnly:
                return new TrainedMethod(method, WeightedRandomPolicy.CloudOnly(actions, workspace.Seed), null);
            case MethodFamily.EpsilonGreedy:
            case MethodFamily.Ucb1:
                TaskBandit bandit = method.Family == MethodFamily.Ucb1
                    ? new Ucb1Bandit(tasks, actions, taskOffset)
                    : new EpsilonGreedyBandit(tasks, actions, taskOffset);
                bandit.Train(workspace.TrainingEnvironment(resourceConstrained: false, setup), setup.Steps, workspace.Seed);
                return new TrainedMethod(method, bandit, null);
            case MethodFamily.Oracle:
                throw new ArgumentException("The Oracle plans each test dialogue in hindsight (OracleEvaluator); it has no policy to train.", nameof(method));
            case MethodFamily.Auto:
                var selection = AutoSelection.Select(workspace, setup, setup.Auto, cancellationToken);
                return selection.Winner with { Method = method, Selection = selection };
            default:
                var environment = workspace.TrainingEnvironment(method.ResourceConstrained, setup);
                var result = LearnerFor(method.Algorithm!.Value, setup).Train(environment, setup.Steps, workspace.Seed, progress, cancellationToken);
                return new TrainedMethod(method, result.Policy, result);
        }
    }

    private static IPolicyLearner LearnerFor(Algorithm algorithm, TrainingSetup setup) => algorithm switch
    {
        Algorithm.A2C when setup.WarmStart is null => new A2cLearner(new A2cHyperparameters { EntropyCoefficient = setup.EntropyCoefficient }),
        Algorithm.PPO => new PpoLearner(new PpoHyperparameters { EntropyCoefficient = setup.EntropyCoefficient }) { Start = setup.WarmStart },
        _ when setup.WarmStart is not null => throw new ArgumentException($"Only PPO fine-tunes a policy; {algorithm} trains from scratch.", nameof(setup)),
        _ => Learners.For(algorithm),
    };
}

/// <summary>
/// A method's policy for one split, with the learner's result when it is a trained network and, for auto selection,
/// the selection (whose winner is the method that acts).
/// </summary>
public sealed record TrainedMethod(MethodSpec Method, IActionPolicy Policy, TrainingResult? Training, AutoSelectionResult? Selection = null)
{
    /// <summary>The method whose policy this is: the selected candidate under auto selection, else <see cref="Method"/>.</summary>
    public MethodSpec Acting => Selection?.Winner.Method ?? Method;

    public bool ResourceConstrained => Acting.ResourceConstrained;

    /// <summary>The selected candidate's name under auto selection; null otherwise.</summary>
    public string? Selected => Selection?.Winner.Method.Name;
}
