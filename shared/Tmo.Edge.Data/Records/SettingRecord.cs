namespace Tmo.Edge.Data.Records;

/// <summary>A setting the admin console changed, keyed like configuration ("Tmo:Budgets:DailyCloudUsd").</summary>
public sealed class SettingRecord
{
    public const int KeyMaxLength = 256;

    public required string Key { get; set; }

    public required string Value { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }
}
