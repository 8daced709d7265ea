using Tmo.Edge.Daemon.Mqtt;

namespace Tmo.Edge.Daemon.Tests.Mqtt;

public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Fact]
    public void Delays_double_from_the_initial_delay_up_to_the_maximum_each_shortened_by_at_most_the_jitter()
    {
        var backoff = new ReconnectBackoff(Initial, Max, seed: 7);

        var nominal = new[] { 0.5, 1, 2, 4, 8, 16, 30, 30, 30 };
        foreach (var seconds in nominal)
        {
            var delay = backoff.Next().TotalSeconds;
            Assert.InRange(delay, seconds * (1 - ReconnectBackoff.JitterFraction), seconds);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_schedule_and_another_seed_another()
    {
        static double[] Schedule(int seed)
        {
            var backoff = new ReconnectBackoff(Initial, Max, seed);
            return [.. Enumerable.Range(0, 10).Select(_ => backoff.Next().TotalSeconds)];
        }

        Assert.Equal(Schedule(ReconnectBackoff.SeedFrom("tmo-edge-kitchen")), Schedule(ReconnectBackoff.SeedFrom("tmo-edge-kitchen")));
        Assert.NotEqual(Schedule(ReconnectBackoff.SeedFrom("tmo-edge-kitchen")), Schedule(ReconnectBackoff.SeedFrom("tmo-edge-garage")));
    }

    [Fact]
    public void Reset_starts_again_from_the_initial_delay()
    {
        var backoff = new ReconnectBackoff(Initial, Max, seed: 1);
        for (var i = 0; i < 6; i++)
        {
            backoff.Next();
        }

        backoff.Reset();

        Assert.InRange(backoff.Next(), Initial * (1 - ReconnectBackoff.JitterFraction), Initial);
    }

    [Fact]
    public void Thousands_of_failures_stay_at_the_maximum()
    {
        var backoff = new ReconnectBackoff(Initial, Max, seed: 3);
        for (var i = 0; i < 5000; i++)
        {
            backoff.Next();
        }

        Assert.InRange(backoff.Next(), Max * (1 - ReconnectBackoff.JitterFraction), Max);
    }
}
