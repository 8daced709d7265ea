using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Schema;

internal sealed class TelemetrySampleConfiguration : IEntityTypeConfiguration<TelemetrySampleRecord>
{
    public void Configure(EntityTypeBuilder<TelemetrySampleRecord> builder)
    {
        builder.ToTable("TelemetrySamples");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Metric).HasMaxLength(TelemetrySampleRecord.MetricMaxLength);

        // Charts read one metric over a time range; retention deletes by time alone.
        builder.HasIndex(s => new { s.Metric, s.At });
        builder.HasIndex(s => s.At);
    }
}
