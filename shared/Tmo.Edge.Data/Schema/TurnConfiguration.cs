using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Schema;

internal sealed class TurnConfiguration : IEntityTypeConfiguration<TurnRecord>
{
    /// <summary>The Location column's width, from when it held the text alone; the schema keeps it.</summary>
    private const int LocationMaxLength = 8;

    // The location is stored as its lowercase text, which the journal's SQL, the console's filters and ad-hoc SQL read.
    private static readonly ValueConverter<RunnerLocation, string> LocationText =
        new(location => RunnerLocations.ToText(location), text => RunnerLocations.Parse(text));

    public void Configure(EntityTypeBuilder<TurnRecord> builder)
    {
        builder.ToTable("Turns");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.DialogueId).HasMaxLength(DialogueRecord.IdMaxLength);
        builder.Property(t => t.RequestId).HasMaxLength(TurnRecord.RequestIdMaxLength);
        builder.Property(t => t.Task).HasMaxLength(TurnRecord.TaskMaxLength);
        builder.Property(t => t.ReplyTopic).HasMaxLength(TurnRecord.ReplyTopicMaxLength);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Location).HasConversion(LocationText).HasMaxLength(LocationMaxLength);
        builder.Property(t => t.PolicyVersion).HasMaxLength(PolicyVersionRecord.VersionMaxLength);

        // Views and Probabilities are primitive collections, which EF already stores as JSON arrays.
        builder.ComplexCollection(t => t.Masked, masked => masked.ToJson());

        builder.HasOne(t => t.Dialogue)
            .WithMany(d => d.Turns)
            .HasForeignKey(t => t.DialogueId)
            .OnDelete(DeleteBehavior.Cascade);

        builder.HasIndex(t => new { t.DialogueId, t.Sequence }).IsUnique();

        // A QoS-1 redelivery carries the same request id; the index is the last line of defence against a double insert.
        builder.HasIndex(t => new { t.DialogueId, t.RequestId }).IsUnique().HasFilter("\"RequestId\" IS NOT NULL");

        // Resuming after a crash lists pending turns and unpublished answers; both are few among many published rows.
        builder.HasIndex(t => new { t.Status, t.ReceivedAt });
        builder.HasIndex(t => t.PublishedAt).HasFilter("\"PublishedAt\" IS NULL");
    }
}
