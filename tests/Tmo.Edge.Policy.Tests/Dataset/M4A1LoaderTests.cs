using System.Text;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Policy.Tests.Dataset;

[Collection(M4A1Collection.Name)]
public sealed class M4A1LoaderTests(M4A1Fixture m4a1)
{
    [Fact]
    public void Real_file_has_100_episodes_352_turns_three_views_and_four_tasks()
    {
        var dataset = m4a1.Dataset;
        Assert.Equal(100, dataset.Episodes.Count);
        Assert.Equal(352, dataset.TurnCount);
        Assert.Equal(3, dataset.ModalityCount);
        Assert.Equal(["Assistive System", "Message Editing", "Query", "Recommendation"], dataset.Tasks.Names);
        Assert.Equal(5, dataset.MaxTurns);
        Assert.Equal(64, dataset.ContentSha256.Length);
    }

    [Fact]
    public void Refusal_answers_score_zero_for_the_estimator()
    {
        var refusals = m4a1.Dataset.Episodes.SelectMany(e => e.Turns)
            .Where(t => t.Answer.Contains("sorry", StringComparison.Ordinal) || t.Answer.Contains("can't", StringComparison.Ordinal) || t.Answer.Contains("I don't have", StringComparison.Ordinal))
            .ToArray();
        Assert.NotEmpty(refusals);
        Assert.All(refusals, t => Assert.Equal(0, t.EffectiveScore));
        Assert.Contains(refusals, t => t.Score > 0);
    }

    [Fact]
    public void Malformed_turn_is_reported_with_its_episode_and_turn()
    {
        const string Json = """
            [{"id": 7, "image_paths": ["a","b"], "association_score": [[0.1,0.2],[0.3,0.4]],
              "interactions": [
                {"question":"q","task_cat":"Query","action":0,"image_index":null,"answer":"a","score":1},
                {"question":"q","task_cat":"Query","action":1,"image_index":[5],"answer":"a","score":1}]}]
            """;
        var error = Assert.Throws<DatasetFormatException>(() => M4A1Loader.Parse(Encoding.UTF8.GetBytes(Json), "bad.json"));
        Assert.Contains("episode 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("turn 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("image_index", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[{\"id\": 3, \"association_score\": [[0.1]], \"interactions\": [{\"question\":\"q\",\"task_cat\":\"Q\",\"action\":2,\"answer\":\"a\",\"score\":1}]}]", "action must be 0 (local) or 1 (cloud)")]
    [InlineData("[{\"id\": 3, \"association_score\": [[0.1]], \"interactions\": [{\"question\":\"q\",\"task_cat\":\"Q\",\"action\":0,\"answer\":\"a\",\"score\":\"high\"}]}]", "'score' must be a finite number")]
    [InlineData("[{\"id\": 3, \"association_score\": [[0.1],[0.2]], \"interactions\": [{\"question\":\"q\",\"task_cat\":\"Q\",\"action\":0,\"answer\":\"a\",\"score\":1}]}]", "1 interactions but 2 association rows")]
    [InlineData("{\"episodes\": []}", "top level must be an array")]
    [InlineData("[{\"id\": 3,", "invalid JSON")]
    public void Invalid_records_fail_with_a_clear_message(string json, string expected)
    {
        var error = Assert.Throws<DatasetFormatException>(() => M4A1Loader.Parse(Encoding.UTF8.GetBytes(json), "bad.json"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_file_names_the_path_and_where_to_get_the_dataset()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => M4A1Loader.LoadAsync("/nonexistent/M4A1.json"));
        Assert.Contains("/nonexistent/M4A1.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("TMO_M4A1", error.Message, StringComparison.Ordinal);
        Assert.Contains("liangqiyuan/TMO", error.Message, StringComparison.Ordinal);
    }
}

public sealed class M4A1WriterTests
{
    [Fact]
    public void A_written_synthetic_set_reads_back_identically()
    {
        var dataset = SyntheticDialogues.Generate(episodes: 12, turns: 4, modalities: 5, tasks: 3, seed: 7);
        var read = M4A1Loader.Parse(M4A1Writer.Serialize(dataset), "synthetic.json");

        Assert.Equal(dataset.ModalityCount, read.ModalityCount);
        Assert.Equal(dataset.Tasks.Names, read.Tasks.Names);
        Assert.Equal(dataset.Episodes.Count, read.Episodes.Count);
        for (var e = 0; e < dataset.Episodes.Count; e++)
        {
            Assert.Equal(dataset.Episodes[e].Association, read.Episodes[e].Association);
            Assert.Equal(
                dataset.Episodes[e].Turns.Select(t => (t.Question, t.Task, t.Cloud, string.Join(",", t.UploadedViews), t.Score)),
                read.Episodes[e].Turns.Select(t => (t.Question, t.Task, t.Cloud, string.Join(",", t.UploadedViews), t.Score)));
        }
    }
}
