using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Daemon.Mqtt;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// The discovery configs (`{prefix}/sensor/{node}/{object}/config`, retained) for the main sensors: board power,
/// SoC temperature, GPU load and available memory. The SoC zone is chosen from the first sample, since zone names
/// differ by board (tj-thermal on Orin, SOC or CPU elsewhere).
/// </summary>
public static partial class HomeAssistantDiscovery
{
    private static readonly string[] SocZonePreference = ["tj", "soc", "cpu", "gpu"];

    // Templates and units stay readable in Home Assistant's MQTT view (the default encoder writes ' as \u0027,
    // ° as \u00B0); nothing here is ever embedded in HTML.
    private static readonly HomeAssistantJsonContext Json = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    });

    public static IReadOnlyList<(string Topic, byte[] Payload)> Configs(string discoveryPrefix, string deviceId, TopicLayout topics, TelemetrySample first)
    {
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(first);
        var node = $"tmo_edge_{NotTopicSafe().Replace(deviceId, "_")}";
        var device = new HomeAssistantDevice([node], $"Tmo.Edge {deviceId}", "Tmo.Edge", first.Source);
        var state = topics.Absolute(TopicLayout.Telemetry);
        var availability = topics.Absolute(TopicLayout.Status);

        HomeAssistantSensor Sensor(string objectId, string name, string template, string? unit, string? deviceClass) =>
            new(name, $"{node}_{objectId}", state, template, unit, deviceClass, "measurement", availability, MqttConnection.Online, MqttConnection.Offline, device);

        var sensors = new List<(string ObjectId, HomeAssistantSensor Config)>
        {
            ("power", Sensor("power", "Power", "{{ value_json.powerW }}", "W", "power")),
            ("gpu_load", Sensor("gpu_load", "GPU load", "{{ value_json.gpuLoadPercent }}", "%", null)),
            ("memory_available", Sensor("memory_available", "Memory available", "{{ value_json.memoryAvailableMB }}", "MiB", "data_size")),
        };
        if (SocZone(first.TemperaturesC) is { } zone)
        {
            sensors.Insert(1, ("soc_temperature", Sensor("soc_temperature", "SoC temperature", $"{{{{ value_json.temperaturesC['{zone}'] }}}}", "°C", "temperature")));
        }

        return sensors
            .Select(s => ($"{discoveryPrefix.TrimEnd('/')}/sensor/{node}/{s.ObjectId}/config", JsonSerializer.SerializeToUtf8Bytes(s.Config, Json.HomeAssistantSensor)))
            .ToArray();
    }

    private static string? SocZone(IReadOnlyDictionary<string, double> temperatures)
    {
        foreach (var prefix in SocZonePreference)
        {
            if (temperatures.Keys.Order(StringComparer.Ordinal).FirstOrDefault(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) is { } zone)
            {
                return zone;
            }
        }

        return temperatures.Keys.Order(StringComparer.Ordinal).FirstOrDefault();
    }

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex NotTopicSafe();
}
