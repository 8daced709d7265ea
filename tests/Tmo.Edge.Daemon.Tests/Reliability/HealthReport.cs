using System.Text.Json;

namespace Tmo.Edge.Daemon.Tests.Reliability;

/// <summary>The parts of the daemon's retained `health` message that say whether it is well.</summary>
internal sealed record HealthReport(DateTimeOffset At, bool DecisionLoopHealthy, bool MqttConnected, bool LocalAvailable, bool CloudAvailable)
{
    public bool Healthy => DecisionLoopHealthy && MqttConnected;

    public static HealthReport Parse(byte[] payload)
    {
        using var json = JsonDocument.Parse(payload);
        var root = json.RootElement;
        return new HealthReport(
            root.GetProperty("at").GetDateTimeOffset(),
            root.GetProperty("decisionLoopHealthy").GetBoolean(),
            root.GetProperty("mqttConnected").GetBoolean(),
            root.GetProperty("localRunner").GetProperty("available").GetBoolean(),
            root.GetProperty("cloudRunner").GetProperty("available").GetBoolean());
    }
}
