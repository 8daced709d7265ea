using Tmo.Edge.Console.Formatting;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Console.Tests.Formatting;

public sealed class MaskedSummaryTests
{
    [Fact]
    public void A_refusal_names_the_rule_that_blocked_the_local_model_and_the_cloud_in_one_line()
    {
        List<MaskedActionRecord> masked =
        [
            new(0, "thermal: tj 88.2 C >= 85 C"),
            .. Enumerable.Range(1, 8).Select(a => new MaskedActionRecord(a, "daily cloud cap: 0.00008 USD left of 5")),
        ];

        Assert.Equal(
            "local masked: thermal: tj 88.2 C >= 85 C; cloud masked: daily cloud cap: 0.00008 USD left of 5",
            MaskedSummary.Describe(masked, 9));
    }

    [Fact]
    public void Cloud_actions_blocked_by_different_rules_are_named_one_by_one()
    {
        List<MaskedActionRecord> masked =
        [
            new(4, "latency budget: 7.1 s > 5 s left"),
            new(7, "latency budget: 7.1 s > 5 s left"),
            new(1, "usage reserve: would not leave room for 2 later turns"),
        ];

        Assert.Equal(
            "cloud, text only masked: usage reserve: would not leave room for 2 later turns; cloud + view 3, cloud + views 2 and 3 masked: latency budget: 7.1 s > 5 s left",
            MaskedSummary.Describe(masked, 9));
    }

    [Fact]
    public void Nothing_masked_says_so()
    {
        Assert.Equal("no action was masked", MaskedSummary.Describe([], 9));
    }
}
