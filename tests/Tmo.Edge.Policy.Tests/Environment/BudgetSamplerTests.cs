using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Environment;

namespace Tmo.Edge.Policy.Tests.Environment;

[Collection(M4A1Collection.Name)]
public sealed class BudgetSamplerTests(M4A1Fixture m4a1)
{
    [Theory]
    [InlineData(BudgetDistribution.Normal)]
    [InlineData(BudgetDistribution.Uniform)]
    [InlineData(BudgetDistribution.ExtremeAware)]
    public void Budgets_lie_between_z_local_turns_and_z_dearest_cloud_turns(BudgetDistribution distribution)
    {
        var scenario = OffloadingScenario.For(m4a1.Dataset, DeviceProfile.Default, CloudProfile.Default);
        var sampler = BudgetSampler.For(scenario, distribution);
        var localTime = DeviceProfile.Default.LocalTimeS;

        Assert.Equal(5 * localTime, sampler.Latency.Min, precision: 12);
        Assert.Equal(5 * 6.98211, sampler.Latency.Max, precision: 9);
        Assert.Equal(5 * DeviceProfile.Default.LocalUsageUsd, sampler.Usage.Min, precision: 15);
        Assert.Equal(5 * 0.01368, sampler.Usage.Max, precision: 12);

        var random = new Random(11);
        var samples = Enumerable.Range(0, 20_000).Select(_ => sampler.Sample(random)).ToArray();
        Assert.All(samples, s =>
        {
            Assert.InRange(s.LatencyS, sampler.Latency.Min, sampler.Latency.Max);
            Assert.InRange(s.UsageUsd, sampler.Usage.Min, sampler.Usage.Max);
        });

        var band = 0.05 * sampler.Latency.Span;
        var nearEdges = samples.Count(s => s.LatencyS < sampler.Latency.Min + band || s.LatencyS > sampler.Latency.Max - band) / (double)samples.Length;
        var mean = samples.Average(s => s.LatencyS);
        var mid = (sampler.Latency.Min + sampler.Latency.Max) / 2;
        switch (distribution)
        {
            case BudgetDistribution.Normal:
                Assert.InRange(mean, mid - 0.3, mid + 0.3);
                Assert.InRange(nearEdges, 0, 0.02);
                break;
            case BudgetDistribution.Uniform:
                Assert.InRange(nearEdges, 0.09, 0.11);
                break;
            default:
                // Half normal (almost never at the edges), the rest uniform or exponential from an edge.
                Assert.InRange(mean, mid - 0.5, mid + 0.5);
                Assert.InRange(nearEdges, 0.07, 0.13);
                break;
        }
    }
}
