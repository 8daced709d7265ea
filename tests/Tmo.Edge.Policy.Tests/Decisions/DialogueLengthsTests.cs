using Tmo.Edge.Policy.Decisions;

namespace Tmo.Edge.Policy.Tests.Decisions;

public sealed class DialogueLengthsTests
{
    // M4A1: 20 dialogues of 2 turns, 32 of 3, 24 of 4 and 24 of 5.
    private static DialogueLengths M4A1Lengths() =>
        new(Enumerable.Repeat(2, 20).Concat(Enumerable.Repeat(3, 32)).Concat(Enumerable.Repeat(4, 24)).Concat(Enumerable.Repeat(5, 24)));

    [Theory]
    [InlineData(0, 3)] // mean length 3.52: 2.52 more turns after the first, rounded up
    [InlineData(1, 2)]
    [InlineData(2, 1)] // dialogues that reached a third turn: mean 3.9
    [InlineData(3, 1)] // reached a fourth: mean 4.5
    [InlineData(4, 0)]
    [InlineData(7, 0)] // longer than any seen
    public void Later_turns_are_the_mean_remaining_length_of_the_dialogues_that_reached_this_turn(int completed, int expected) =>
        Assert.Equal(expected, M4A1Lengths().ExpectedLaterTurns(completed, maxLaterTurns: 10));

    [Fact]
    public void The_cap_bounds_the_expectation()
    {
        Assert.Equal(1, M4A1Lengths().ExpectedLaterTurns(0, maxLaterTurns: 1));
        Assert.Equal(0, M4A1Lengths().ExpectedLaterTurns(0, maxLaterTurns: -3));
    }

    [Fact]
    public void The_device_s_own_dialogues_move_the_expectation()
    {
        var lengths = M4A1Lengths();
        lengths.Add(1, 1_000);

        Assert.Equal(1, lengths.ExpectedLaterTurns(0, maxLaterTurns: 10));
    }

    [Fact]
    public void A_histogram_round_trips()
    {
        var histogram = M4A1Lengths().Histogram;

        Assert.Equal([0, 0, 20, 32, 24, 24], histogram);
        var restored = new DialogueLengths([]);
        restored.AddHistogram(histogram);
        Assert.Equal(histogram, restored.Histogram);
    }
}
