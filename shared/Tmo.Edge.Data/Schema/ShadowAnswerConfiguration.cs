using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Schema;

internal sealed class ShadowAnswerConfiguration : IEntityTypeConfiguration<ShadowAnswerRecord>
{
    private const int LocationMaxLength = 8;

    // As in Turns: the location is its lowercase text, which ad-hoc SQL and the console read.
    private static readonly ValueConverter<RunnerLocation, string> LocationText =
        new(location => RunnerLocations.ToText(location), text => RunnerLocations.Parse(text));

    public void Configure(EntityTypeBuilder<ShadowAnswerRecord> builder)
    {
        builder.ToTable("ShadowAnswers");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.DialogueId).HasMaxLength(DialogueRecord.IdMaxLength);
        builder.Property(s => s.Location).HasConversion(LocationText).HasMaxLength(LocationMaxLength);

        // A shadow belongs to its dialogue: retention deletes it with the dialogue.
        builder.HasOne(s => s.Dialogue)
            .WithMany()
            .HasForeignKey(s => s.DialogueId)
            .OnDelete(DeleteBehavior.Cascade);

        builder.HasIndex(s => new { s.DialogueId, s.Sequence });
        builder.HasIndex(s => s.CreatedAt);
    }
}
