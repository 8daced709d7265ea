using System.ComponentModel.DataAnnotations;
using Tmo.Edge.Data.Connecting;

namespace Tmo.Edge.Data;

/// <summary>"Tmo:Storage": where the database lives and how long dialogues, telemetry and audit rows are kept.</summary>
public sealed class StorageOptions
{
    public const string Section = "Tmo:Storage";

    /// <summary>Folder holding <see cref="SqliteDatabase.FileName"/>; created on first start.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "";

    /// <summary>Dialogues idle this long, and telemetry and audit rows this old, are deleted. The spend ledger is kept.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a write waits for another process's lock on the file (the console's, a backup's, an operator's
    /// sqlite3) before it is refused. SQLite waits out busy_timeout (5 s) per attempt and Microsoft.Data.Sqlite
    /// retries a busy statement until this command timeout, so this is the whole wait.
    /// </summary>
    [Range(5, 3600)]
    public int LockTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// The most the database file may grow to, in MiB (SQLite's max_page_count), or null for no limit beyond the
    /// disk's. On a board whose one SD card also holds the OS, a cap keeps the journal from filling the card; once it
    /// is reached, writes fail with "database or disk is full" until retention or an operator frees pages, and the
    /// daemon leaves prompts it cannot record with the broker until then.
    /// </summary>
    [Range(1, 1 << 20)]
    public int? MaxDatabaseMB { get; set; }
}
