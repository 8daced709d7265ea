using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tmo.Edge.Console.Live;

public sealed record RunnerHealth(bool Available, string? Reason);

/// <summary>The per-dialogue budgets and the daily cloud cap the daemon applies now.</summary>
public sealed record BudgetsInForce(double DialogueLatencyS, double DialogueUsageUsd, double DailyCloudCapUsd);

/// <summary>The device limits the daemon applies now (configured, or as saved from the console); a power cap of 0 is none.</summary>
public sealed record LimitsInForce(double ThermalLimitC, double PowerCapW, double MemoryMarginMB);

/// <summary>
/// The daemon's retained `health` message: runners, decision loop, its MQTT link, its journal's storage, its policy.
/// A daemon too old to report storage is taken as healthy there rather than shown as failing; one too old to report
/// the budgets and limits in force leaves them null (the console then shows what it knows from its own settings).
/// </summary>
public sealed record DaemonHealth(
    DateTimeOffset At,
    bool DecisionLoopHealthy,
    bool MqttConnected,
    RunnerHealth LocalRunner,
    RunnerHealth CloudRunner,
    string? PolicyVersion,
    bool StorageHealthy = true,
    string? StorageError = null,
    BudgetsInForce? Budgets = null,
    LimitsInForce? Limits = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowReadingFromString };

    public static DaemonHealth? TryParse(ReadOnlySpan<byte> payload)
    {
        try
        {
            return JsonSerializer.Deserialize<DaemonHealth>(payload, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
