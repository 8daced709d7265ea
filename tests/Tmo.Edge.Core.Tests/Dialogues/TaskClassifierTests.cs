using Tmo.Edge.Core.Dialogues;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Core.Tests.Dialogues;

[Collection(M4A1Collection.Name)]
public sealed class TaskClassifierTests(M4A1Fixture m4a1)
{
    [Fact]
    public void Episode_split_accuracy_is_perfect_because_questions_repeat_across_dialogues()
    {
        var split = DatasetSplit.BySeed(m4a1.Dataset, 1);
        Assert.Equal(1.0, TaskClassifier.Train(split.Train, m4a1.Dataset.Tasks).Accuracy(split.Test));
    }

    [Fact]
    public void Leave_one_question_out_accuracy_is_far_above_chance()
    {
        // M4A1 has only 20 distinct questions, repeated across its 100 dialogues, so an episode split leaks:
        // the honest held-out measure trains without a question and classifies that question.
        var questions = m4a1.Dataset.Episodes.SelectMany(e => e.Turns).Select(t => t.Question).Distinct().ToArray();
        var correct = questions.Count(question =>
        {
            var training = m4a1.Dataset.Episodes.Select(e => e with { Turns = e.Turns.Where(t => t.Question != question).ToArray() });
            var classifier = TaskClassifier.Train(training, m4a1.Dataset.Tasks);
            var truth = m4a1.Dataset.Episodes.SelectMany(e => e.Turns).First(t => t.Question == question).Task;
            return m4a1.Dataset.Tasks.Names[classifier.Classify(question)] == truth;
        });

        Assert.Equal(20, questions.Length);
        // Measured: 13 of 20 (65 %); chance with four tasks is 25 %.
        Assert.InRange(correct, 12, 20);
    }

    [Theory]
    [InlineData("Please turn on all the lights in the kitchen.", "Assistive System")]
    [InlineData("Can you recommend a good movie for tonight?", "Recommendation")]
    public void Obvious_prompts_get_their_task(string prompt, string task)
    {
        var classifier = TaskClassifier.Train(m4a1.Dataset.Episodes, m4a1.Dataset.Tasks);
        Assert.Equal(task, m4a1.Dataset.Tasks.Names[classifier.Classify(prompt)]);
    }
}
