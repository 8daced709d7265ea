using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Schema;

internal sealed class DialogueConfiguration : IEntityTypeConfiguration<DialogueRecord>
{
    public void Configure(EntityTypeBuilder<DialogueRecord> builder)
    {
        builder.ToTable("Dialogues");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasMaxLength(DialogueRecord.IdMaxLength);
        builder.Property(d => d.Owner).HasMaxLength(DialogueRecord.OwnerMaxLength);

        // Idle closing and retention both select by last activity.
        builder.HasIndex(d => d.LastActivityAt);
    }
}
