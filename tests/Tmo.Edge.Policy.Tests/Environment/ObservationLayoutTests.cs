using Tmo.Edge.Policy.Environment;

namespace Tmo.Edge.Policy.Tests.Environment;

[Collection(M4A1Collection.Name)]
public sealed class ObservationLayoutTests(M4A1Fixture m4a1)
{
    // Episode 3: Recommendation (cloud text), Message Editing (cloud text), Query (cloud, views [1,2,0]),
    // Recommendation (cloud text), Assistive System (local). Task ids: Assistive 0, Message 1, Query 2, Recommendation 3.
    private PreparedEpisode Episode3 => Scenario.Prepare(m4a1.Episode(3));

    private OffloadingScenario Scenario =>
        OffloadingScenario.For(m4a1.Dataset, Costs.DeviceProfile.Default, Costs.CloudProfile.Default);

    [Fact]
    public void First_turn_is_padded_with_minus_one_and_has_no_previous_action()
    {
        var observation = Write(Episode3.LoggedActions, turn: 0, resourceConstrained: false);
        float[] expected = [-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 3];
        Assert.Equal(expected, observation);
    }

    [Fact]
    public void Fourth_turn_shows_the_three_previous_actions_and_views()
    {
        var observation = Write(Episode3.LoggedActions, turn: 3, resourceConstrained: true, latency: 17.5, usage: 0.03);
        float[] expected =
        [
            -1, -1, -1, -1, -1,
            -1, 0, 0, 0, 3,
            1, 0, 0, 0, 1,
            1, 0, 0, 0, 2,
            1, 1, 1, 1, 3,
            17.5f, 0.03f,
        ];
        Assert.Equal(expected, observation);
    }

    [Fact]
    public void Advancing_with_own_actions_matches_writing_the_whole_window()
    {
        var scenario = Scenario;
        var layout = scenario.ObservationFor(resourceConstrained: false);
        int[] own = [0, 7, 1, 4];
        var rolling = Write(own, turn: 0, resourceConstrained: false);
        for (var t = 1; t < 5; t++)
        {
            layout.Advance(scenario.Actions, own[t - 1], Episode3.TaskIds[t], rolling);
            Assert.Equal(Write(own, t, resourceConstrained: false), rolling);
        }
    }

    [Fact]
    public void Window_longer_than_history_keeps_only_the_last_z_turns()
    {
        var scenario = new OffloadingScenario(3, m4a1.Dataset.Tasks, Costs.DeviceProfile.Default, Costs.CloudProfile.Default, RewardWeights.Default, historyWindow: 2);
        var observation = new float[scenario.History.Length];
        scenario.History.Write(scenario.Actions, [1, 2, 8, 0], [0, 1, 2, 3, 0], 4, 0, 0, observation);
        Assert.Equal([1f, 1, 1, 1, 3, 0, 0, 0, 0, 0], observation);
    }

    private float[] Write(int[] actions, int turn, bool resourceConstrained, double latency = 0, double usage = 0)
    {
        var scenario = Scenario;
        var layout = scenario.ObservationFor(resourceConstrained);
        var observation = new float[layout.Length];
        layout.Write(scenario.Actions, actions, Episode3.TaskIds, turn, latency, usage, observation);
        return observation;
    }
}
