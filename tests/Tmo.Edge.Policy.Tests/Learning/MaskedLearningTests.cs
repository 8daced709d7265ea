using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Learning;

namespace Tmo.Edge.Policy.Tests.Learning;

public sealed class MaskedLearningTests
{
    public static TheoryData<string> Learners => ["A2C", "PPO"];

    [Theory]
    [MemberData(nameof(Learners))]
    public void Masked_learner_never_samples_a_masked_action(string algorithm)
    {
        var environment = new RandomlyMaskedEnvironment(seed: 3);

        Learner(algorithm).Train(environment, totalSteps: 2_000, seed: 1);

        Assert.True(environment.Steps >= 2_000);
        Assert.Equal(0, environment.MaskedActionsTaken);
    }

    [Theory]
    [MemberData(nameof(Learners))]
    public void Masked_learner_learns_the_best_allowed_action_when_the_best_action_is_always_masked(string algorithm)
    {
        var environment = new RandomlyMaskedEnvironment(seed: 5, maskShare: 0);

        var policy = Learner(algorithm).Train(environment, totalSteps: 4_000, seed: 2).Policy;

        // Action 0 pays most but is never allowed, action 1 is the best allowed one.
        bool[] allowed = [false, true, true, true];
        Assert.Equal(1, policy.Decide([1f], allowed, new float[RandomlyMaskedEnvironment.ActionCountValue]));
        Assert.Equal(0, environment.MaskedActionsTaken);
    }

    private static IPolicyLearner Learner(string algorithm) => algorithm == "A2C"
        ? new A2cLearner()
        : new PpoLearner(new PpoHyperparameters { StepsPerRollout = 256, BatchSize = 64, Epochs = 4 });

    /// <summary>
    /// One-state episodes of 4 steps; action a earns 4 - a. Action 0 is always masked; each other action is masked
    /// with probability <c>maskShare</c> (at least one stays allowed). Counts steps that took a masked action.
    /// </summary>
    private sealed class RandomlyMaskedEnvironment(int seed, double maskShare = 0.5) : ITrainingEnvironment
    {
        public const int ActionCountValue = 4;
        private readonly Random random = new(seed);
        private readonly bool[] allowed = new bool[ActionCountValue];
        private int step;

        public int ObservationLength => 1;

        public int ActionCount => ActionCountValue;

        public int Steps { get; private set; }

        public int MaskedActionsTaken { get; private set; }

        public void Reset(Span<float> observation)
        {
            step = 0;
            observation[0] = 1f;
            DrawMask();
        }

        public void WriteAllowedActions(Span<bool> allowedActions) => allowed.CopyTo(allowedActions);

        public EnvironmentStep Step(int action, Span<float> nextObservation)
        {
            Steps++;
            if (!allowed[action])
            {
                MaskedActionsTaken++;
            }

            var reward = ActionCountValue - action;
            step++;
            if (step == ActionCountValue)
            {
                nextObservation.Fill(-1f);
                return new EnvironmentStep(reward, Done: true);
            }

            nextObservation[0] = 1f;
            DrawMask();
            return new EnvironmentStep(reward, Done: false);
        }

        private void DrawMask()
        {
            allowed[0] = false;
            var any = false;
            for (var a = 1; a < ActionCountValue; a++)
            {
                allowed[a] = random.NextDouble() >= maskShare;
                any |= allowed[a];
            }

            if (!any)
            {
                allowed[1 + random.Next(ActionCountValue - 1)] = true;
            }
        }
    }
}
