using Tmo.Edge.Core.Runners;

namespace Tmo.Edge.Core.Tests.Runners;

public sealed class RunnerLocationsTests
{
    [Theory]
    [InlineData(0, RunnerLocation.Local)]
    [InlineData(1, RunnerLocation.Cloud)]
    [InlineData(5, RunnerLocation.Cloud)]
    [InlineData(8, RunnerLocation.Cloud)]
    public void Action_0_runs_locally_and_every_other_action_in_the_cloud(int action, RunnerLocation expected) =>
        Assert.Equal(expected, RunnerLocations.OfAction(action));

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void A_refusal_runs_nowhere(int action) => Assert.Null(RunnerLocations.OfAction(action));

    [Theory]
    [InlineData(RunnerLocation.Local, "local")]
    [InlineData(RunnerLocation.Cloud, "cloud")]
    public void Each_location_is_written_as_its_lowercase_text_and_read_back(RunnerLocation location, string text)
    {
        Assert.Equal(text, RunnerLocations.ToText(location));
        Assert.Equal(location, RunnerLocations.Parse(text));
    }

    [Fact]
    public void A_turn_that_ran_nowhere_is_labelled_none() =>
        Assert.Equal(("none", "cloud"), (RunnerLocations.ToText((RunnerLocation?)null), RunnerLocations.ToText((RunnerLocation?)RunnerLocation.Cloud)));

    [Theory]
    [InlineData("moon")]
    [InlineData("Local")]
    [InlineData("none")]
    [InlineData("")]
    public void Text_that_names_no_location_is_a_clear_error(string text)
    {
        var error = Assert.Throws<FormatException>(() => RunnerLocations.Parse(text));

        Assert.Equal($"Location '{text}' is neither 'local' nor 'cloud'.", error.Message);
    }

    [Fact]
    public void A_value_that_is_no_location_has_no_text() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RunnerLocations.ToText((RunnerLocation)7));
}
