using Tmo.Edge.Policy.Learning;

namespace Tmo.Edge.Policy.Tests.Learning;

/// <summary>The toy task every learner must solve, and helpers to check a run.</summary>
internal static class LearnerTestKit
{
    public const int Contexts = 3;
    public const int Actions = 3;

    /// <summary>A fresh bandit whose own context sequence is fixed, so runs differ only by the learner's seed.</summary>
    public static ContextBanditEnvironment Bandit() => new(Contexts, Actions, episodeLength: 3, seed: 123);

    public static void AssertGreedyPolicyIsRightForEveryContext(NeuralPolicy policy)
    {
        var probabilities = new float[Actions];
        for (var context = 0; context < Contexts; context++)
        {
            var observation = ContextBanditEnvironment.Observation(context, Contexts);
            Assert.Equal(ContextBanditEnvironment.CorrectAction(context, Actions), policy.Decide(observation, [], probabilities));
        }
    }

    public static float[] AllParameters(NeuralPolicy policy) =>
        [.. policy.Network.Parameters, .. policy.ValueNetwork?.Parameters ?? []];

    /// <summary>Reports in arrival order, synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
    public sealed class RecordingProgress(Action<TrainingProgress>? onReport = null) : IProgress<TrainingProgress>
    {
        public List<TrainingProgress> Reports { get; } = [];

        public void Report(TrainingProgress value)
        {
            Reports.Add(value);
            onReport?.Invoke(value);
        }
    }
}
