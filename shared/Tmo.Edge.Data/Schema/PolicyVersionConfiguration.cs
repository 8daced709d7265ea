using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Schema;

internal sealed class PolicyVersionConfiguration : IEntityTypeConfiguration<PolicyVersionRecord>
{
    public void Configure(EntityTypeBuilder<PolicyVersionRecord> builder)
    {
        builder.ToTable("PolicyVersions");
        builder.HasKey(p => p.Version);
        builder.Property(p => p.Version).HasMaxLength(PolicyVersionRecord.VersionMaxLength);
        builder.Property(p => p.CheckpointSha256).HasMaxLength(64);
    }
}
