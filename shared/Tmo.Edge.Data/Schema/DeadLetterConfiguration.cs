using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Schema;

internal sealed class DeadLetterConfiguration : IEntityTypeConfiguration<DeadLetterRecord>
{
    public void Configure(EntityTypeBuilder<DeadLetterRecord> builder)
    {
        builder.ToTable("DeadLetters");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Fingerprint).HasMaxLength(DeadLetterRecord.FingerprintLength);
        builder.Property(d => d.Topic).HasMaxLength(DeadLetterRecord.TopicMaxLength);
        builder.Property(d => d.Reason).HasMaxLength(DeadLetterRecord.ReasonMaxLength);
        builder.HasIndex(d => d.Fingerprint).IsUnique();
        builder.HasIndex(d => d.LastFailedAt);
    }
}
