using Tmo.Edge.Policy.Adaptation;
using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Policy.Tests.Adaptation;

[Collection(M4A1Collection.Name)]
public sealed class ContinualLearnerTests(M4A1Fixture m4a1)
{
    [Fact]
    public void After_the_device_rates_local_answers_on_a_task_far_better_the_promoted_policy_answers_that_task_locally()
    {
        var scenario = OffloadingScenario.For(m4a1.Dataset, DeviceProfile.Default, CloudProfile.Default);
        var workspace = new SplitWorkspace(scenario, DatasetSplit.BySeed(m4a1.Dataset, 1), 1);
        var champion = MethodTrainer.Train(MethodSpec.Named("PPO"), workspace, new TrainingSetup(Steps: 20_000));
        var (task, cloudAction) = FirstTurnCloudTask(champion, scenario);
        // A fine-tuned champion rarely tries an action it had ruled out; the from-scratch candidate explores it.
        var options = new ContinualLearningOptions
        {
            Steps = 20_000,
            RetrainAfterRatedTurns = 1,
            Candidates = [MethodSpec.Named("PPO")],
            Rule = new PromotionRule(DatasetMargin: 1, MinHeldOutDialogues: 2),
        };
        var learner = new ContinualLearner(workspace, champion, options, seed: 4);
        // An answer without a refusal marker: a refusal scores 0 whatever the judge said.
        var recorded = m4a1.Dataset.Episodes.SelectMany(e => e.Turns).First(t => t.Task == task && t.Score > 0 && t.EffectiveScore == t.Score);

        // One-turn dialogues of the task: the local answer rated at the top of the scale, the champion's cloud answer 0.
        for (var i = 0; i < 40; i++)
        {
            var local = recorded with { Cloud = false, UploadedViews = [], Score = 9, Scored = true };
            var cloud = recorded with { Cloud = true, UploadedViews = scenario.Actions.ViewsOf(cloudAction).ToArray(), Score = 0, Scored = true };
            learner.Device.Add(new DialogueEpisode(2 * i, [], [cloud], [new double[3]]), [new DialogueEpisode((2 * i) + 1, [], [local], [new double[3]])]);
        }

        var round = learner.RunRound();

        Assert.True(round.Verdict.Promote, round.Verdict.Reason);
        Assert.Equal(0, FirstTurnChoice(learner.Champion, scenario, scenario.Tasks.IdOf(task)));
    }

    private static (string Task, int Action) FirstTurnCloudTask(TrainedMethod champion, OffloadingScenario scenario)
    {
        for (var id = 0; id < scenario.Tasks.Count; id++)
        {
            if (FirstTurnChoice(champion, scenario, id) is var action and > 0)
            {
                return (scenario.Tasks.Names[id], action);
            }
        }

        throw new InvalidOperationException("The champion answers every task's first turn locally.");
    }

    private static int FirstTurnChoice(TrainedMethod method, OffloadingScenario scenario, int taskId)
    {
        var layout = scenario.ObservationFor(method.ResourceConstrained);
        var observation = new float[layout.Length];
        layout.Write(scenario.Actions, [], [taskId], 0, 30, 0.05, observation);
        return method.Policy.Decide(observation, [], new float[scenario.Actions.Count]);
    }
}
