using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Schema;

internal sealed class DailySpendConfiguration : IEntityTypeConfiguration<DailySpendRecord>
{
    public void Configure(EntityTypeBuilder<DailySpendRecord> builder)
    {
        builder.ToTable("DailySpend");

        // DateOnly is stored as "yyyy-MM-dd" text, which sorts by date.
        builder.HasKey(d => d.Day);
    }
}
