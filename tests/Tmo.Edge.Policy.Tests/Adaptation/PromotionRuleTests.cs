using Tmo.Edge.Policy.Adaptation;

namespace Tmo.Edge.Policy.Tests.Adaptation;

public sealed class PromotionRuleTests
{
    private static readonly PromotionRule Rule = new(MinDeviceGain: 0.01, DatasetMargin: 0.05);
    private static readonly PolicyScores Champion = new(DeviceReward: 1.20, DatasetReward: 1.30, Violations: 0);

    [Fact]
    public void A_challenger_better_on_the_device_and_within_the_margin_on_the_dataset_is_promoted()
    {
        var verdict = Rule.Decide(Champion, new PolicyScores(1.25, 1.27, 0));

        Assert.True(verdict.Promote, verdict.Reason);
    }

    [Theory]
    [InlineData(1.15, 1.35, 0)] // worse on the device
    [InlineData(1.205, 1.35, 0)] // better by less than the minimum gain
    [InlineData(1.40, 1.24, 0)] // better on the device, too much worse on the dataset
    [InlineData(1.40, 1.35, 1)] // better everywhere but one dialogue over a budget
    public void A_worse_challenger_is_never_promoted(double device, double dataset, int violations)
    {
        var verdict = Rule.Decide(Champion, new PolicyScores(device, dataset, violations));

        Assert.False(verdict.Promote);
        Assert.NotEmpty(verdict.Reason);
    }
}
