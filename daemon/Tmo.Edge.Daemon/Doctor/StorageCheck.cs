using Tmo.Edge.Daemon.Policies;

namespace Tmo.Edge.Daemon.Doctor;

/// <summary>
/// The data directory (the SQLite journal, broker accounts) and the retrained-checkpoint folder: writable by the user
/// running the doctor, and the free space on the data directory's file system.
/// </summary>
public sealed class StorageCheck(DoctorSettings settings)
{
    /// <summary>Below this SQLite's WAL and checkpoints soon fail with "database or disk is full".</summary>
    public const long MinimumFreeBytes = 100L << 20;

    /// <summary>Below this the journal of a busy device fills the disk within days.</summary>
    public const long LowFreeBytes = 1L << 30;

    public IReadOnlyList<DoctorCheck> Run()
    {
        var data = settings.Storage.DataDirectory;
        if (string.IsNullOrWhiteSpace(data))
        {
            return [DoctorCheck.Fail("storage", "Tmo:Storage:DataDirectory is not set")];
        }

        var retrained = string.IsNullOrWhiteSpace(settings.Policy.RetrainedDirectory)
            ? Path.Join(data, RetrainedCheckpoints.DefaultFolder)
            : settings.Policy.RetrainedDirectory;
        return [Writable("storage", Path.GetFullPath(data)), FreeSpace(Path.GetFullPath(data)), Writable("retrained checkpoints", Path.GetFullPath(retrained))];
    }

    /// <summary>A folder not there yet counts when its parent is writable: the daemon creates it (systemd its StateDirectory).</summary>
    private static DoctorCheck Writable(string name, string directory)
    {
        var existing = directory;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            if (File.Exists(existing))
            {
                return DoctorCheck.Fail(name, $"{existing} is a file, so {directory} cannot be created");
            }

            existing = parent;
        }

        var probe = Path.Join(existing, $".tmo-edge-doctor-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }

            return DoctorCheck.Ok(name, existing == directory ? $"{directory} is writable" : $"{directory} will be created in writable {existing}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var hint = existing == directory ? string.Empty : $" (it does not exist yet; under systemd the unit's StateDirectory creates /var/lib/tmo-edge at start)";
            return DoctorCheck.Fail(name, $"{Environment.UserName} cannot write in {existing}: {ex.Message}{hint}");
        }
    }

    private static DoctorCheck FreeSpace(string directory)
    {
        var existing = directory;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }

        var free = new DriveInfo(existing).AvailableFreeSpace;
        var shown = $"{free / (1024.0 * 1024 * 1024):0.0} GiB free on the file system of {existing}";
        return free < MinimumFreeBytes ? DoctorCheck.Fail("free space", $"{shown}: SQLite needs at least {MinimumFreeBytes >> 20} MiB")
            : free < LowFreeBytes ? DoctorCheck.Warn("free space", $"{shown}: the journal may fill it (Tmo:Storage:MaxDatabaseMB caps the database)")
            : DoctorCheck.Ok("free space", shown);
    }
}
