using Microsoft.Extensions.Time.Testing;
using Tmo.Edge.Daemon.Hosting;

namespace Tmo.Edge.Daemon.Tests.Hosting;

/// <summary>
/// Each start-up phase is the time, and the resident memory, since the previous one closed; the whole is the time since
/// the start.
/// </summary>
public sealed class StartupPhasesTests
{
    [Fact]
    public void Each_phase_took_the_time_and_added_the_memory_since_the_previous_one_closed()
    {
        const long MiB = 1024 * 1024;
        var time = new FakeTimeProvider();
        var resident = 40 * MiB;
        var phases = new StartupPhases(time, () => resident);

        time.Advance(TimeSpan.FromMilliseconds(120));
        resident += 12 * MiB;
        phases.Completed("database migration");
        time.Advance(TimeSpan.FromMilliseconds(30));
        resident -= 1 * MiB;
        phases.Completed("checkpoint");

        Assert.Equal("database migration 120 ms +12 MiB, checkpoint 30 ms -1 MiB", phases.ToString());
        Assert.Equal(TimeSpan.FromMilliseconds(150), phases.Elapsed);
        Assert.Equal(51, phases.ResidentMiB);
    }
}
