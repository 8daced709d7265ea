namespace Tmo.Edge.Data.Records;

/// <summary>One warning-or-worse log event of the daemon or the console, kept for the console's Logs page.</summary>
public sealed class LogEventRecord
{
    public const int SourceMaxLength = 32;
    public const int LevelMaxLength = 16;
    public const int CategoryMaxLength = 256;

    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The process that logged it: "daemon" or "console".</summary>
    public required string Source { get; set; }

    /// <summary>The LogLevel by name ("Warning", "Error", "Critical").</summary>
    public required string Level { get; set; }

    public required string Category { get; set; }

    public int EventId { get; set; }

    public required string Message { get; set; }

    /// <summary>The exception's type, message and stack, when one was logged.</summary>
    public string? Exception { get; set; }
}
