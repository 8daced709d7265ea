using System.Text.Json.Serialization;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// A Home Assistant MQTT discovery config for one sensor read from the `telemetry` payload; availability follows
/// the daemon's retained `status` topic (online/offline, the last will).
/// </summary>
public sealed record HomeAssistantSensor(
    string Name,
    string UniqueId,
    string StateTopic,
    string ValueTemplate,
    string? UnitOfMeasurement,
    string? DeviceClass,
    string StateClass,
    string AvailabilityTopic,
    string PayloadAvailable,
    string PayloadNotAvailable,
    HomeAssistantDevice Device);

public sealed record HomeAssistantDevice(IReadOnlyList<string> Identifiers, string Name, string Manufacturer, string Model);

[JsonSerializable(typeof(HomeAssistantSensor))]
internal sealed partial class HomeAssistantJsonContext : JsonSerializerContext;
