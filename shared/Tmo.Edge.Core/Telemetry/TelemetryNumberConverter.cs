using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tmo.Edge.Core.Telemetry;

/// <summary>
/// Writes telemetry numbers with one or two decimals ("6.28", "500.0"): sensors resolve milliwatts and tenths of a
/// degree, so more digits would be noise, and a fixed shape keeps dashboards and the CLI's output stable.
/// Reads a number or a numeric string (some sources quote sysfs values as read); any other string is an unreadable
/// value and reads as NaN, which <see cref="TelemetrySample.Readable"/> drops, so one bad sensor does not lose the sample.
/// </summary>
public sealed class TelemetryNumberConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => reader.GetDouble(),
        JsonTokenType.String => double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN,
        _ => throw new JsonException($"A telemetry value is a number, not {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!double.IsFinite(value))
        {
            throw new JsonException($"A telemetry value must be finite, not {value}.");
        }

        writer.WriteRawValue(value.ToString("0.0#", CultureInfo.InvariantCulture), skipInputValidation: true);
    }
}
