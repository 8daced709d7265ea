namespace Tmo.Edge.Data.Records;

/// <summary>Where a turn ran; it decides which column of the daily spend ledger its usage goes to.</summary>
public static class ExecutionLocation
{
    public const string Local = "local";
    public const string Cloud = "cloud";
    public const int MaxLength = 8;

    public static bool IsKnown(string? location) => location is Local or Cloud;
}
