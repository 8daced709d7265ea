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
        Assert.Equal(0.25, options.ShadowShare);
    }

    [Theory]
    [InlineData(nameof(JudgeOptions.ShadowShare), 1.01)]
    [InlineData(nameof(JudgeOptions.ShadowShare), -0.01)]
    [InlineData(nameof(JudgeOptions.ShadowQueueCapacity), 0)]
    [InlineData(nameof(JudgeOptions.ShadowMaxWaitSeconds), 0.5)]
    [InlineData(nameof(JudgeOptions.ShadowQuietSeconds), -1)]
    [InlineData(nameof(JudgeOptions.ShadowMaxGpuLoadPercent), 100.5)]
    [InlineData(nameof(JudgeOptions.ShadowMaxTemperatureC), 151)]
    public void An_out_of_range_shadow_setting_is_refused_with_its_key(string property, double value)
    {
        var options = new JudgeOptions();
        var setting = typeof(JudgeOptions).GetProperty(property)!;
        setting.SetValue(options, Convert.ChangeType(value, setting.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Contains(Failures(options), f => f.Contains($"Tmo:Judge:{property}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    public void The_shadow_shares_edges_are_valid(double shadowShare, double gpuFraction)
    {
        Assert.Empty(Failures(new JudgeOptions { ShadowShare = shadowShare, ShadowMaxGpuLoadPercent = gpuFraction * 100, ShadowQuietSeconds = 0 }));
    }

    [Fact]
    public void A_quiet_period_that_outlasts_the_wait_is_refused_naming_both_keys()
    {
        var failure = Assert.Single(Failures(new JudgeOptions { ShadowQuietSeconds = 60, ShadowMaxWaitSeconds = 60 }));

        Assert.Contains("Tmo:Judge:ShadowQuietSeconds", failure, StringComparison.Ordinal);
        Assert.Contains("Tmo:Judge:ShadowMaxWaitSeconds", failure, StringComparison.Ordinal);
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
