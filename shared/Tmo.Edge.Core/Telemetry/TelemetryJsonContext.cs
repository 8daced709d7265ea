using System.Text.Json.Serialization;

namespace Tmo.Edge.Core.Telemetry;

/// <summary>
/// System.Text.Json source generation for telemetry: camelCase, nulls written (a null says "this source cannot read
/// it", which a consumer needs to tell apart from an old payload without the field).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(TelemetryNumberConverter)])]
[JsonSerializable(typeof(TelemetrySample))]
public sealed partial class TelemetryJsonContext : JsonSerializerContext;
