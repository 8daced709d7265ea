using Tmo.Edge.Console.Formatting;
using Tmo.Edge.Policy.Actions;

namespace Tmo.Edge.Console.Tests.Formatting;

public sealed class ActionTextTests
{
    [Theory]
    [InlineData(0, new int[0], "local")]
    [InlineData(1, new int[0], "cloud, text only")]
    [InlineData(3, new[] { 1 }, "cloud + view 2")]
    [InlineData(5, new[] { 0, 2 }, "cloud + views 1 and 3")]
    [InlineData(8, new[] { 2, 0, 1 }, "cloud + views 1, 2 and 3")]
    [InlineData(-1, new int[0], "refused")]
    public void A_decided_turn_is_named_in_plain_words_with_views_counted_from_one(int action, int[] views, string expected)
    {
        Assert.Equal(expected, ActionText.Describe(action, views));
    }

    [Theory]
    [InlineData(-1, "refused")]
    [InlineData(0, "local")]
    [InlineData(1, "cloud, text only")]
    [InlineData(5, "cloud + views")]
    public void The_dashboard_names_each_kind_of_action(int action, string expected)
    {
        Assert.Equal(expected, ActionText.ForKind(ActionKinds.Of(action)));
    }

    [Fact]
    public void An_undecided_turn_has_no_action()
    {
        Assert.Equal("–", ActionText.Describe(null, null));
    }

    [Fact]
    public void Every_action_of_M4A1s_space_has_its_own_name()
    {
        var names = Enumerable.Range(0, 9).Select(a => ActionText.ForIndex(a, 9)).ToList();

        Assert.Equal(
            ["local", "cloud, text only", "cloud + view 1", "cloud + view 2", "cloud + view 3",
             "cloud + views 1 and 2", "cloud + views 1 and 3", "cloud + views 2 and 3", "cloud + views 1, 2 and 3"],
            names);
    }

    [Fact]
    public void Two_cameras_make_a_five_action_space()
    {
        Assert.Equal("cloud + views 1 and 2", ActionText.ForIndex(4, 5));
    }
}
