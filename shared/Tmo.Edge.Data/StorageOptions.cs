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
}
