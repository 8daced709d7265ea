using Tmo.Edge.Daemon.Judging;

namespace Tmo.Edge.Daemon.Tests.Judging;

/// <summary>A bad judge setting stops the daemon at start with a message that names the key.</summary>
public sealed class JudgeOptionsTests
{
    private static string[] Failures(JudgeOptions options) => new JudgeOptionsValidator().Validate(null, options).Failures?.ToArray() ?? [];

    [Fact]
    public void The_defaults_are_valid_and_follow_the_cloud()
    {
        var options = new JudgeOptions();

        Assert.Empty(Failures(options));
        Assert.Null(options.Enabled);
        Assert.Equal((0.05, 0.50), (options.Share, options.DailyCapUsd));
    }

    [Theory]
    [InlineData(1.5, 0.5, 16, "Tmo:Judge:Share")]
    [InlineData(-0.1, 0.5, 16, "Tmo:Judge:Share")]
    [InlineData(0.05, -1, 16, "Tmo:Judge:DailyCapUsd")]
    [InlineData(0.05, 0.5, 0, "Tmo:Judge:MaxReplyTokens")]
    public void An_out_of_range_setting_is_refused_with_its_key(double share, double capUsd, int maxReplyTokens, string key)
    {
        var failures = Failures(new JudgeOptions { Share = share, DailyCapUsd = capUsd, MaxReplyTokens = maxReplyTokens });

        Assert.Contains(failures, f => f.Contains(key, StringComparison.Ordinal));
    }
}
