using Tmo.Edge.Data.Policies;

namespace Tmo.Edge.Console.Policies;

/// <summary>One method's row of a `tmo-edge policy eval --json` document (means over seeds).</summary>
public sealed record EvaluatedMethod(
    string Name, double ResponseScore, double LatencyS, double UsageUsd, double Reward, double LatencyViolationShare, double UsageViolationShare);

/// <summary>
/// The evaluation kept beside a checkpoint, "{checkpoint}.evaluation.json", in the `policy eval --json` format: the
/// checkpoint's method against the baselines on the test split. Written by `make run` and by a retraining run.
/// </summary>
public static class PolicyEvaluation
{
    public static string PathFor(string checkpointPath) => checkpointPath + PolicyVersionStore.EvaluationFileSuffix;

    /// <summary>The methods, or null when there is no readable evaluation next to the checkpoint.</summary>
    public static async Task<IReadOnlyList<EvaluatedMethod>?> ReadAsync(string checkpointPath, CancellationToken cancellationToken) =>
        (await JsonFile.TryReadAsync<Document>(PathFor(checkpointPath), cancellationToken))?.Methods;

    private sealed record Document(IReadOnlyList<EvaluatedMethod> Methods);
}
