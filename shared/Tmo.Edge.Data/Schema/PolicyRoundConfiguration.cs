using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Schema;

internal sealed class PolicyRoundConfiguration : IEntityTypeConfiguration<PolicyRoundRecord>
{
    public void Configure(EntityTypeBuilder<PolicyRoundRecord> builder)
    {
        builder.ToTable("PolicyRounds");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.ChampionVersion).HasMaxLength(PolicyVersionRecord.VersionMaxLength);
        builder.Property(r => r.ChallengerVersion).HasMaxLength(PolicyVersionRecord.VersionMaxLength);
        builder.Property(r => r.ChallengerMethod).HasMaxLength(PolicyRoundRecord.MethodMaxLength);
        builder.Property(r => r.Reason).HasMaxLength(PolicyRoundRecord.ReasonMaxLength);
        builder.HasIndex(r => r.At);
    }
}
