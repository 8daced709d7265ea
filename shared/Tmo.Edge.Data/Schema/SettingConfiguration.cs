using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Schema;

internal sealed class SettingConfiguration : IEntityTypeConfiguration<SettingRecord>
{
    public void Configure(EntityTypeBuilder<SettingRecord> builder)
    {
        builder.ToTable("Settings");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(SettingRecord.KeyMaxLength);
    }
}
