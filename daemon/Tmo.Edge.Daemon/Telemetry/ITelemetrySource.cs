using Tmo.Edge.Core.Telemetry;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>Where samples come from. A reading the source cannot take is null in the sample; ReadAsync never throws for one.</summary>
public interface ITelemetrySource
{
    string Name { get; }

    ValueTask<TelemetrySample> ReadAsync(CancellationToken cancellationToken);
}
