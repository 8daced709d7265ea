using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Schema;

internal sealed class ConsoleUserConfiguration : IEntityTypeConfiguration<ConsoleUserRecord>
{
    public void Configure(EntityTypeBuilder<ConsoleUserRecord> builder)
    {
        builder.ToTable("ConsoleUsers");
        builder.HasKey(u => u.Name);
        builder.Property(u => u.Name).HasMaxLength(ConsoleUserRecord.NameMaxLength);
    }
}
