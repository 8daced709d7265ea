using Tmo.Edge.Policy.Environment;

namespace Tmo.Edge.Policy.Checkpoints;

/// <summary>Checks a checkpoint against the environment it is about to act in; a mismatch is a clear error.</summary>
public static class CheckpointCompatibility
{
    public static void EnsureFits(PolicyCheckpoint checkpoint, OffloadingScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(scenario);
        var problems = new List<string>();
        if (checkpoint.Modalities != scenario.ModalityCount)
        {
            problems.Add($"it was trained for X = {checkpoint.Modalities} camera views, the environment has {scenario.ModalityCount}");
        }

        if (checkpoint.HistoryWindow != scenario.HistoryWindow)
        {
            problems.Add($"it was trained with a history window Z = {checkpoint.HistoryWindow}, the environment uses {scenario.HistoryWindow}");
        }

        if (!scenario.Tasks.SameAs(checkpoint.Tasks))
        {
            problems.Add($"its task vocabulary [{string.Join(", ", checkpoint.Tasks)}] differs from [{string.Join(", ", scenario.Tasks.Names)}]");
        }

        if (problems.Count != 0)
        {
            throw new CheckpointException($"Checkpoint '{checkpoint.PolicyVersion}' does not fit: {string.Join("; ", problems)}.");
        }
    }
}
