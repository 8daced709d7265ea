using Tmo.Edge.Daemon.Judging;

namespace Tmo.Edge.Daemon.Tests.Judging;

public sealed class JudgeScoreParserTests
{
    [Theory]
    [InlineData("{\"score\": 7}", 7)]
    [InlineData("{\"score\":10}", 10)]
    [InlineData("{\"Score\": \"8\"}", 8)]
    [InlineData("```json\n{\"score\": 6}\n```", 6)]
    [InlineData("Here is my rating:\n{\"score\": 9}\nThe answer is accurate.", 9)]
    [InlineData("Score: 7/10", 7)]
    [InlineData("Rating: 8", 8)]
    [InlineData("7/10", 7)]
    [InlineData("I would give it 4 out of 10.", 4)]
    [InlineData("score = 6.5", 6.5)]
    [InlineData("{\"score\": 5} Score: 5/10", 5)]
    [InlineData("{\"score\": 1}", 1)]
    public void A_well_formed_reply_gives_its_rating(string reply, double rating)
    {
        var score = JudgeScoreParser.Parse(reply);

        Assert.True(score.IsRated, score.Refusal);
        Assert.Equal(rating, score.Rating);
        Assert.Equal(rating / 10, score.Normalised, 12);
    }

    [Theory]
    [InlineData("", "empty reply")]
    [InlineData("   ", "empty reply")]
    [InlineData("The answer is good.", "no score")]
    [InlineData("{\"score\": }", "no score")]
    [InlineData("{\"verdict\": \"good\"}", "no score")]
    [InlineData("{\"score\": NaN}", "no score")]
    [InlineData("{\"score\": \"NaN\"}", "not a number")]
    [InlineData("{\"score\": \"high\"}", "not a number")]
    [InlineData("{\"score\": null}", "not a number")]
    [InlineData("{\"score\": 7} or maybe Score: 8", "conflicting scores: 7, 8")]
    [InlineData("7/10, no wait, 9/10", "conflicting scores")]
    public void A_malformed_reply_is_refused_with_its_reason(string reply, string reason)
    {
        var score = JudgeScoreParser.Parse(reply);

        Assert.False(score.IsRated);
        Assert.Null(score.Rating);
        Assert.Contains(reason, score.Refusal, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => score.Normalised);
    }

    [Theory]
    [InlineData("{\"score\": 0}")]
    [InlineData("{\"score\": 11}")]
    [InlineData("{\"score\": -3}")]
    [InlineData("Score: 0/10")]
    [InlineData("Rating: 100")]
    [InlineData("{\"score\": 1e308}")]
    public void A_score_outside_one_to_ten_is_refused(string reply)
    {
        var score = JudgeScoreParser.Parse(reply);

        Assert.False(score.IsRated);
        Assert.Contains("outside 1-10", score.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_score_past_the_searched_length_is_not_found()
    {
        var score = JudgeScoreParser.Parse(new string('x', JudgeScoreParser.MaxReplyChars) + "{\"score\": 7}");

        Assert.Equal("no score in the reply", score.Refusal);
    }
}
