using Tmo.Edge.Policy.Actions;
using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Policy.Environment;

/// <summary>
/// Everything that defines the offloading problem apart from the dialogues: X modalities, history window Z,
/// task vocabulary, device/cloud costs and reward weights. Generic in all of them.
/// </summary>
public sealed class OffloadingScenario
{
    public const int DefaultHistoryWindow = 5;

    public OffloadingScenario(
        int modalityCount,
        TaskVocabulary tasks,
        DeviceProfile device,
        CloudProfile cloud,
        RewardWeights weights,
        int historyWindow = DefaultHistoryWindow)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(weights);
        Actions = new ActionSpace(modalityCount);
        Tasks = tasks;
        Costs = new CostTable(Actions, device, cloud);
        Weights = weights;
        History = new ObservationLayout(modalityCount, historyWindow, resourceConstrained: false);
    }

    public ActionSpace Actions { get; }

    public TaskVocabulary Tasks { get; }

    public CostTable Costs { get; }

    public RewardWeights Weights { get; }

    /// <summary>The budget-free observation layout; its history part is the estimator's state features.</summary>
    public ObservationLayout History { get; }

    public int ModalityCount => Actions.ModalityCount;

    public int HistoryWindow => History.HistoryWindow;

    /// <summary>Estimator features: the observation's history part followed by the action encoding.</summary>
    public int EstimatorFeatureLength => History.HistoryLength + Actions.EncodingLength;

    public ObservationLayout ObservationFor(bool resourceConstrained) =>
        new(ModalityCount, HistoryWindow, resourceConstrained);

    public static OffloadingScenario For(DialogueDataset dataset, DeviceProfile device, CloudProfile cloud, RewardWeights? weights = null, int historyWindow = DefaultHistoryWindow)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new OffloadingScenario(dataset.ModalityCount, dataset.Tasks, device, cloud, weights ?? RewardWeights.Default, historyWindow);
    }

    public PreparedEpisode Prepare(DialogueEpisode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        if (episode.Association[0].Length != ModalityCount)
        {
            throw new ArgumentException($"Episode {episode.Id} has {episode.Association[0].Length} modalities, the scenario {ModalityCount}.", nameof(episode));
        }

        var turns = episode.Turns.Count;
        var taskIds = new int[turns];
        var logged = new int[turns];
        var association = new double[turns][];
        var normalised = new double[turns][];
        for (var t = 0; t < turns; t++)
        {
            var turn = episode.Turns[t];
            taskIds[t] = Tasks.IdOf(turn.Task);
            logged[t] = turn.Cloud ? Actions.CloudActionFor(turn.UploadedViews) : ActionSpace.LocalAction;
            association[t] = AssociationByAction(episode.Association[t]);
            normalised[t] = MinMax.Normalise(association[t]);
        }

        var scored = episode.Turns.All(t => t.Scored) ? null : episode.Turns.Select(t => t.Scored).ToArray();
        return new PreparedEpisode(episode.Id, taskIds, logged, association, normalised, episode.Turns.Select(t => t.EffectiveScore).ToArray(), scored);
    }

    /// <summary>Per action, the sum of the turn's association scores over the uploaded views (0 for local and text-only).</summary>
    private double[] AssociationByAction(double[] perView)
    {
        var result = new double[Actions.Count];
        for (var action = 1; action < Actions.Count; action++)
        {
            foreach (var view in Actions.ViewsOf(action))
            {
                result[action] += perView[view];
            }
        }

        return result;
    }
}
