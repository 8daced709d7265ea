using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Decisions;
using Tmo.Edge.Policy.Environment;

namespace Tmo.Edge.Policy.Training;

/// <summary>
/// One train/test split of a dataset, prepared for a scenario: what every method of one seed shares. With a device's
/// own rated dialogues (<see cref="WithDeviceEvidence"/>) the response estimator learns from them too, weighted; the
/// training dialogues stay the split's. A merged dataset (<see cref="MergedDataset"/>) may weigh its training
/// episodes' rated turns by the set they came from.
/// </summary>
public sealed class SplitWorkspace
{
    private readonly IReadOnlyDictionary<int, double>? _episodeWeights;

    /// <param name="episodeWeights">Each training episode's weight in the estimator by id; null weighs every one 1.</param>
    public SplitWorkspace(OffloadingScenario scenario, DatasetSplit split, int seed, IReadOnlyDictionary<int, double>? episodeWeights = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(split);
        Scenario = scenario;
        Seed = seed;
        Train = split.Train.Select(scenario.Prepare).ToArray();
        Test = split.Test.Select(scenario.Prepare).ToArray();
        _episodeWeights = episodeWeights;
    }

    private SplitWorkspace(
        OffloadingScenario scenario, IReadOnlyList<PreparedEpisode> train, IReadOnlyList<PreparedEpisode> test, int seed, WeightedEpisodes? device, IReadOnlyDictionary<int, double>? episodeWeights)
    {
        Scenario = scenario;
        Seed = seed;
        Train = train;
        Test = test;
        Device = device;
        _episodeWeights = episodeWeights;
    }

    public OffloadingScenario Scenario { get; }

    public int Seed { get; }

    public IReadOnlyList<PreparedEpisode> Train { get; }

    public IReadOnlyList<PreparedEpisode> Test { get; }

    /// <summary>The device's own rated dialogues and their weight in the estimator; null for the dataset alone.</summary>
    public WeightedEpisodes? Device { get; }

    /// <summary>
    /// A fresh estimator fitted on the training split and the device's evidence (estimators keep scratch buffers: one
    /// per thread).
    /// </summary>
    public KnnResponseEstimator FitEstimator()
    {
        if (Device is null && _episodeWeights is null)
        {
            return EstimatorFitting.Fit(Scenario, Train);
        }

        IReadOnlyList<WeightedEpisodes> training = _episodeWeights is { } weights
            ? Train.GroupBy(e => weights[e.Id]).Select(g => new WeightedEpisodes(g.ToArray(), g.Key)).ToArray()
            : [new WeightedEpisodes(Train, 1)];
        return EstimatorFitting.Fit(Scenario, Device is { } device ? [.. training, device] : training);
    }

    /// <summary>The same split for <paramref name="scenario"/> (e.g. measured prices) with a device's rated dialogues in the estimator.</summary>
    public SplitWorkspace WithDeviceEvidence(OffloadingScenario scenario, IReadOnlyList<PreparedEpisode> device, double weight)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(weight);
        if (scenario.ModalityCount != Scenario.ModalityCount || scenario.HistoryWindow != Scenario.HistoryWindow || !scenario.Tasks.SameAs(Scenario.Tasks.Names))
        {
            throw new ArgumentException("Device evidence needs the split's modalities, history window and tasks; only costs may differ.", nameof(scenario));
        }

        return new SplitWorkspace(scenario, Train, Test, Seed, device.Count == 0 ? null : new WeightedEpisodes(device, weight), _episodeWeights);
    }

    /// <summary>The shield's reserve as a device trained on this split plans it: the training dialogues' lengths.</summary>
    public ShieldReservePlan ShieldPlan(int maxDialogueTurns) => new(new DialogueLengths(Train.Select(e => e.TurnCount)), maxDialogueTurns);

    /// <summary>
    /// A workspace that validates instead of tests: this one's training split shuffled by <see cref="Seed"/>, with
    /// <paramref name="validationShare"/> of it (at least one dialogue) as its test split and the rest to train on.
    /// </summary>
    public SplitWorkspace HoldOut(double validationShare)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(validationShare);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(validationShare, 1);
        if (Train.Count < 2)
        {
            throw new InvalidOperationException("Holding out a validation split needs at least two training dialogues.");
        }

        var shuffled = Train.ToArray();
        new Random(Seed).Shuffle(shuffled);
        var validationCount = Math.Clamp((int)(shuffled.Length * validationShare), 1, shuffled.Length - 1);
        return new SplitWorkspace(Scenario, shuffled[validationCount..], shuffled[..validationCount], Seed, Device, _episodeWeights);
    }

    /// <summary>The same splits with another seed: another training run (a restart) on the same data.</summary>
    public SplitWorkspace WithSeed(int seed) => new(Scenario, Train, Test, seed, Device, _episodeWeights);

    public OffloadingEnvironment TrainingEnvironment(bool resourceConstrained, TrainingSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        return new OffloadingEnvironment(Scenario, FitEstimator(), Train, setup.EnvironmentFor(resourceConstrained), Seed);
    }
}
