namespace Tmo.Edge.Data.Records;

/// <summary>Who did what and when, for changes made outside the turn flow.</summary>
public sealed class AuditRecord
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Actor { get; set; }

    public required string Action { get; set; }

    public required string Detail { get; set; }
}
