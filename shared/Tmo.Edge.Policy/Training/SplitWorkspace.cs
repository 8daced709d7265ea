using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Decisions;
using Tmo.Edge.Policy.Environment;

namespace Tmo.Edge.Policy.Training;

/// <summary>One train/test split of a dataset, prepared for a scenario: what every method of one seed shares.</summary>
public sealed class SplitWorkspace
{
    public SplitWorkspace(OffloadingScenario scenario, DatasetSplit split, int seed)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(split);
        Scenario = scenario;
        Seed = seed;
        Train = split.Train.Select(scenario.Prepare).ToArray();
        Test = split.Test.Select(scenario.Prepare).ToArray();
    }

    public OffloadingScenario Scenario { get; }

    public int Seed { get; }

    public IReadOnlyList<PreparedEpisode> Train { get; }

    public IReadOnlyList<PreparedEpisode> Test { get; }

    /// <summary>A fresh estimator fitted on the training split (estimators keep scratch buffers: one per thread).</summary>
    public KnnResponseEstimator FitEstimator() => EstimatorFitting.Fit(Scenario, Train);

    /// <summary>The shield's reserve as a device trained on this split plans it: the training dialogues' lengths.</summary>
    public ShieldReservePlan ShieldPlan(int maxDialogueTurns) => new(new DialogueLengths(Train.Select(e => e.TurnCount)), maxDialogueTurns);

    public OffloadingEnvironment TrainingEnvironment(bool resourceConstrained, TrainingSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        return new OffloadingEnvironment(Scenario, FitEstimator(), Train, new EnvironmentOptions(resourceConstrained, setup.History, setup.Budgets), Seed);
    }
}
