using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Telemetry;

/// <summary>Keeps device telemetry for the console's charts.</summary>
public sealed class TelemetryStore(IDbContextFactory<TmoEdgeDbContext> contexts)
{
    /// <summary>Appends one reading per metric, all taken at <paramref name="at"/>, in one commit.</summary>
    public async Task AppendAsync(IEnumerable<(string Metric, double Value)> samples, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var records = samples.Select(s => Sample(s.Metric, s.Value, at)).ToList();
        if (records.Count == 0)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.TelemetrySamples.AddRange(records);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static TelemetrySampleRecord Sample(string metric, double value, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(metric);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(metric.Length, TelemetrySampleRecord.MetricMaxLength, nameof(metric));
        return new TelemetrySampleRecord { At = at, Metric = metric, Value = value };
    }
}
