using Tmo.Edge.Policy.Learning;

namespace Tmo.Edge.Policy.Tests.Learning;

public sealed class RolloutBufferTests
{
    [Fact]
    public void Gae_bootstraps_from_the_last_value_and_stops_at_episode_starts()
    {
        var buffer = new RolloutBuffer(3, observationLength: 1, actionCount: 1);
        float[] rewards = [1f, 2f, 3f];
        float[] values = [0.5f, 1f, 1.5f];
        rewards.CopyTo(buffer.Rewards, 0);
        values.CopyTo(buffer.Values, 0);
        bool[] starts = [true, false, true];
        starts.CopyTo(buffer.EpisodeStarts, 0);

        buffer.ComputeReturnsAndAdvantage(lastValue: 4f, lastDone: false, gamma: 0.5f, gaeLambda: 0.5f);

        // Step 2: 3 + 0.5*4 - 1.5 = 3.5. Step 1 ends its episode (step 2 starts one): 2 - 1 = 1.
        // Step 0: delta 1 + 0.5*1 - 0.5 = 1, plus 0.5*0.5*1 from step 1 = 1.25.
        Assert.Equal([1.25f, 1f, 3.5f], buffer.Advantages);
        Assert.Equal([1.75f, 2f, 5f], buffer.Returns);
    }

    [Fact]
    public void Gae_does_not_bootstrap_past_a_final_step_that_ended_its_episode()
    {
        var buffer = new RolloutBuffer(1, observationLength: 1, actionCount: 1);
        buffer.Rewards[0] = 3f;
        buffer.Values[0] = 1.5f;

        buffer.ComputeReturnsAndAdvantage(lastValue: 4f, lastDone: true, gamma: 0.5f, gaeLambda: 1f);

        Assert.Equal(1.5f, buffer.Advantages[0]);
        Assert.Equal(3f, buffer.Returns[0]);
    }
}
