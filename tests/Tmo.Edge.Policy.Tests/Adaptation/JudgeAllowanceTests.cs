using Tmo.Edge.Policy.Adaptation;

namespace Tmo.Edge.Policy.Tests.Adaptation;

public sealed class JudgeAllowanceTests
{
    private static readonly DateOnly Day = new(2026, 1, 1);

    [Fact]
    public void A_sample_the_days_cap_cannot_pay_for_is_dropped_and_counted()
    {
        var judge = new JudgeAllowance(share: 1, dailyCapUsd: 0.01, seed: 1);

        Assert.True(judge.TryCharge(Day, 0.006));
        Assert.False(judge.TryCharge(Day, 0.006));
        Assert.True(judge.TryCharge(Day, 0.004));

        Assert.Equal(1, judge.DroppedForCap);
        Assert.Equal(0.01, judge.MaxDailySpendUsd, 12);
    }

    [Fact]
    public void The_cap_starts_again_each_day()
    {
        var judge = new JudgeAllowance(share: 1, dailyCapUsd: 0.01, seed: 1);
        judge.TryCharge(Day, 0.01);

        Assert.True(judge.TryCharge(Day.AddDays(1), 0.01));
        Assert.Equal(0.02, judge.SpentUsd, 12);
    }

    [Fact]
    public void About_the_configured_share_of_turns_is_sampled()
    {
        var judge = new JudgeAllowance(share: 0.05, dailyCapUsd: 1, seed: 3);

        var sampled = Enumerable.Range(0, 20_000).Count(_ => judge.Sample());

        Assert.InRange(sampled, 900, 1100);
    }
}
