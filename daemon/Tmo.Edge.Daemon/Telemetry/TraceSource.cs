using System.Text.Json;
using Tmo.Edge.Core.Telemetry;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// Replays a recorded telemetry file (JSON lines, one <see cref="TelemetrySample"/> per sampling tick) and starts
/// over at the end, for development, demos and tests: the device's state follows the recording, tick by tick, so a
/// run is reproducible. Lines that are not a sample are skipped (logged once).
/// </summary>
public sealed class TraceSource : ITelemetrySource
{
    public const string SourceName = "trace";

    private readonly TelemetrySample[] _samples;
    private int _next;

    public TraceSource(string path, SensorFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var samples = new List<TelemetrySample>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize(line, TelemetryJsonContext.Default.TelemetrySample) is { Rails: not null, TemperaturesC: not null } sample)
                {
                    samples.Add(sample.Readable() with { Source = SourceName });
                    continue;
                }
            }
            catch (JsonException ex)
            {
                files.Report($"{path}:{number}", ex.Message);
                continue;
            }

            files.Report($"{path}:{number}", "not a telemetry sample");
        }

        _samples = samples.Count > 0 ? [.. samples] : throw new FormatException($"Telemetry trace '{path}' holds no samples.");
    }

    public string Name => SourceName;

    public int Length => _samples.Length;

    public ValueTask<TelemetrySample> ReadAsync(CancellationToken cancellationToken)
    {
        var index = (int)((uint)(Interlocked.Increment(ref _next) - 1) % (uint)_samples.Length);
        return ValueTask.FromResult(_samples[index]);
    }
}
