namespace Tmo.Edge.Daemon.Doctor;

/// <summary>
/// The wall clock: a board without a real-time-clock battery boots in 1970 (or at the last saved time) until NTP sets
/// it, and then daily cloud caps, retention and TLS certificate checks are wrong. The clock is sane when it is not
/// before this program was built; whether systemd-timesyncd has synchronised it is shown beside.
/// </summary>
public sealed class ClockCheck(TimeProvider time, DateTimeOffset built, string root = "/")
{
    public DoctorCheck Run()
    {
        var now = time.GetUtcNow();
        // systemd-timesyncd creates this file once it has synchronised the clock (systemd-timesyncd.service(8)).
        var synchronised = File.Exists(Path.Join(root, "run/systemd/timesync/synchronized"));
        var sync = synchronised ? "synchronised by systemd-timesyncd" : "not known to be synchronised (no /run/systemd/timesync/synchronized)";
        if (now < built.AddDays(-1))
        {
            return DoctorCheck.Fail("clock", $"{now:u} is before this program was built ({built:u}); {sync}: set the time or enable NTP (timedatectl set-ntp true)");
        }

        return synchronised ? DoctorCheck.Ok("clock", $"{now:u}, {sync}") : DoctorCheck.Warn("clock", $"{now:u}, {sync}");
    }
}
