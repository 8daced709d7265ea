using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Schema;

internal sealed class LogEventConfiguration : IEntityTypeConfiguration<LogEventRecord>
{
    /// <summary>The table the logging provider writes with plain SQL (it must not log through EF while logging).</summary>
    public const string Table = "LogEvents";

    public void Configure(EntityTypeBuilder<LogEventRecord> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Source).HasMaxLength(LogEventRecord.SourceMaxLength);
        builder.Property(e => e.Level).HasMaxLength(LogEventRecord.LevelMaxLength);
        builder.Property(e => e.Category).HasMaxLength(LogEventRecord.CategoryMaxLength);
        builder.HasIndex(e => e.At);
    }
}
