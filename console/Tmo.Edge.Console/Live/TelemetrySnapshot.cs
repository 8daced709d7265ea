using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Telemetry;

namespace Tmo.Edge.Console.Live;

/// <summary>
/// One `telemetry` message and when the console received it. Read leniently: sources differ in what they can read (a
/// dGPU host has no rails, a simulated source no temperatures), so a missing field is null or empty, an unknown one is
/// ignored and an unreadable value is dropped (<see cref="TelemetrySample.Readable"/>).
/// </summary>
public sealed record TelemetrySnapshot(DateTimeOffset ReceivedAt, TelemetrySample Sample)
{
    /// <summary>The snapshot, or null when the payload is not a telemetry JSON object.</summary>
    public static TelemetrySnapshot? TryParse(ReadOnlySpan<byte> payload, DateTimeOffset receivedAt) =>
        ContractJson.TryRead(payload, TelemetryJsonContext.Default.TelemetrySample) is { } sample ? new(receivedAt, sample.Readable()) : null;
}
