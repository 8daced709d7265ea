using Tmo.Edge.Policy.Environment;

namespace Tmo.Edge.Policy.Evaluation;

/// <summary>
/// The Oracle: per test dialogue, the hindsight-optimal action sequence under the evaluation budgets. It knows every
/// turn's task and scores a sequence exactly as <see cref="PolicyEvaluator"/> does (same estimator, observation and
/// reward, mean over the dialogue's turns), so its reward bounds what any policy that keeps within the budgets can
/// reach. An action may be taken only when its profile cost fits the remaining dialogue budgets on its own; a turn
/// where none fits is refused and earns 0, and no turn is refused while an action fits (as the product's shield).
/// </summary>
public sealed class OracleEvaluator(OffloadingScenario scenario, KnnResponseEstimator estimator, EvaluationBudgets budgets)
{
    /// <summary>M4A1's longest dialogues (5 turns, 9 actions) need at most 66,429 estimates, about 0.2 s.</summary>
    public const long DefaultEstimateLimit = 2_000_000;

    /// <summary>
    /// Response estimates one dialogue's search may make before it fails: the exact search is exponential in the
    /// dialogue length (9^T sequences for X = 3), so a dialogue beyond reach fails loudly instead of running for hours.
    /// </summary>
    public long EstimateLimit { get; init; } = DefaultEstimateLimit;

    public MethodMetrics Evaluate(IReadOnlyList<PreparedEpisode> testEpisodes, CancellationToken cancellationToken = default) =>
        MethodMetrics.Summarise(EvaluateDialogues(testEpisodes, cancellationToken), budgets, scenario.Actions);

    /// <summary>Every test dialogue's optimal outcome, in the order of <paramref name="testEpisodes"/>.</summary>
    public IReadOnlyList<DialogueOutcome> EvaluateDialogues(IReadOnlyList<PreparedEpisode> testEpisodes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(testEpisodes);
        var outcomes = new DialogueOutcome[testEpisodes.Count];
        for (var i = 0; i < outcomes.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            outcomes[i] = Solve(testEpisodes[i]);
        }

        return outcomes;
    }

    /// <summary>The dialogue's optimal outcome; throws <see cref="InvalidOperationException"/> past <see cref="EstimateLimit"/>.</summary>
    public DialogueOutcome Solve(PreparedEpisode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        return new HindsightSearch(scenario, estimator, budgets, episode, EstimateLimit).Run();
    }
}
