using System.Text.Json.Serialization;

namespace Tmo.Edge.Core.Telemetry;

/// <summary>
/// System.Text.Json source generation for telemetry: camelCase, nulls written (a null says "this source cannot read
/// it", which a consumer needs to tell apart from an old payload without the field). The one context for the
/// `telemetry` payload, writing and reading, in daemon and console; its options differ from
/// <see cref="Contracts.ContractJsonContext"/> (nulls written, numbers in a fixed shape), so it is a context of its own.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(TelemetryNumberConverter)],
    MaxDepth = 8)]
[JsonSerializable(typeof(TelemetrySample))]
public sealed partial class TelemetryJsonContext : JsonSerializerContext;
