using Microsoft.Extensions.Time.Testing;
using Tmo.Edge.Daemon.Hosting;

namespace Tmo.Edge.Daemon.Tests.Hosting;

/// <summary>Each start-up phase is the time since the previous one closed, and the whole is the time since the start.</summary>
public sealed class StartupPhasesTests
{
    [Fact]
    public void Each_phase_took_the_time_since_the_previous_one_closed()
    {
        var time = new FakeTimeProvider();
        var phases = new StartupPhases(time);

        time.Advance(TimeSpan.FromMilliseconds(120));
        phases.Completed("database migration");
        time.Advance(TimeSpan.FromMilliseconds(30));
        phases.Completed("checkpoint");

        Assert.Equal("database migration 120 ms, checkpoint 30 ms", phases.ToString());
        Assert.Equal(TimeSpan.FromMilliseconds(150), phases.Elapsed);
    }
}
