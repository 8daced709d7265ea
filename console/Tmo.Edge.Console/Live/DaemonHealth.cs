using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tmo.Edge.Console.Live;

public sealed record RunnerHealth(bool Available, string? Reason);

/// <summary>
/// The daemon's retained `health` message: runners, decision loop, its MQTT link, its journal's storage, its policy.
/// A daemon too old to report storage is taken as healthy there rather than shown as failing.
/// </summary>
public sealed record DaemonHealth(
    DateTimeOffset At,
    bool DecisionLoopHealthy,
    bool MqttConnected,
    RunnerHealth LocalRunner,
    RunnerHealth CloudRunner,
    string? PolicyVersion,
    bool StorageHealthy = true,
    string? StorageError = null)
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
