using Tmo.Edge.Policy.Learning;
using static Tmo.Edge.Policy.Tests.Learning.LearnerTestKit;

namespace Tmo.Edge.Policy.Tests.Learning;

public sealed class LearnerArgumentTests
{
    [Fact]
    public void Every_learner_rejects_a_non_positive_step_count()
    {
        IPolicyLearner[] learners = [new A2cLearner(), new PpoLearner(), new DqnLearner()];

        Assert.All(learners, learner => Assert.Throws<ArgumentOutOfRangeException>(() => learner.Train(Bandit(), 0, seed: 1)));
    }

    [Fact]
    public void Every_learner_rejects_invalid_hyperparameters()
    {
        IPolicyLearner[] learners =
        [
            new A2cLearner(new A2cHyperparameters { StepsPerRollout = 0 }),
            new PpoLearner(new PpoHyperparameters { BatchSize = 0 }),
            new DqnLearner(new DqnHyperparameters { TrainFrequency = 0 }),
        ];

        Assert.All(learners, learner => Assert.Throws<ArgumentOutOfRangeException>(() => learner.Train(Bandit(), 100, seed: 1)));
    }
}
