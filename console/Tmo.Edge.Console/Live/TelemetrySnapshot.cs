using System.Globalization;
using System.Text.Json;

namespace Tmo.Edge.Console.Live;

public sealed record PowerRailReading(string Name, double? VoltageV, double? CurrentA, double? PowerW);

/// <summary>
/// One `telemetry` message. Parsed leniently: sources differ in what they can read (a dGPU host has no rails, a
/// simulated source no temperatures), so every field is optional and an unknown field is ignored.
/// </summary>
public sealed record TelemetrySnapshot(
    DateTimeOffset ReceivedAt,
    double? PowerW,
    IReadOnlyList<PowerRailReading> Rails,
    IReadOnlyDictionary<string, double> TemperaturesC,
    double? GpuLoadPercent,
    double? MemoryAvailableMB,
    double? MemoryTotalMB,
    string? Source)
{
    /// <summary>The snapshot, or null when the payload is not a JSON object.</summary>
    public static TelemetrySnapshot? TryParse(ReadOnlySpan<byte> payload, DateTimeOffset receivedAt)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new TelemetrySnapshot(
                receivedAt,
                Number(root, "powerW"),
                ReadRails(root),
                ReadTemperatures(root),
                Number(root, "gpuLoadPercent"),
                Number(root, "memoryAvailableMB"),
                Number(root, "memoryTotalMB"),
                root.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.String ? source.GetString() : null);
        }
    }

    private static List<PowerRailReading> ReadRails(JsonElement root)
    {
        if (!root.TryGetProperty("rails", out var rails) || rails.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return rails.EnumerateArray()
            .Where(r => r.ValueKind == JsonValueKind.Object && r.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
            .Select(r => new PowerRailReading(r.GetProperty("name").GetString()!, Number(r, "voltageV"), Number(r, "currentA"), Number(r, "powerW")))
            .ToList();
    }

    private static Dictionary<string, double> ReadTemperatures(JsonElement root)
    {
        var temperatures = new Dictionary<string, double>(StringComparer.Ordinal);
        if (root.TryGetProperty("temperaturesC", out var zones) && zones.ValueKind == JsonValueKind.Object)
        {
            foreach (var zone in zones.EnumerateObject())
            {
                if (AsNumber(zone.Value) is { } value)
                {
                    temperatures[zone.Name] = value;
                }
            }
        }

        return temperatures;
    }

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? AsNumber(value) : null;

    /// <summary>A number, or a numeric string (some sources quote sysfs values as read).</summary>
    private static double? AsNumber(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDouble(out var d) && double.IsFinite(d) => d,
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
        _ => null,
    };
}
