using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Data.Schema;

namespace Tmo.Edge.Data;

/// <summary>
/// The daemon's SQLite database. The daemon writes turns, decisions and telemetry; the admin console writes settings
/// and reads everything; both open the same file.
/// </summary>
public sealed class TmoEdgeDbContext(DbContextOptions<TmoEdgeDbContext> options) : DbContext(options)
{
    public DbSet<DialogueRecord> Dialogues => Set<DialogueRecord>();

    public DbSet<TurnRecord> Turns => Set<TurnRecord>();

    public DbSet<SettingRecord> Settings => Set<SettingRecord>();

    public DbSet<PolicyVersionRecord> PolicyVersions => Set<PolicyVersionRecord>();

    public DbSet<PolicyRoundRecord> PolicyRounds => Set<PolicyRoundRecord>();

    public DbSet<TelemetrySampleRecord> TelemetrySamples => Set<TelemetrySampleRecord>();

    public DbSet<AuditRecord> AuditLog => Set<AuditRecord>();

    public DbSet<DailySpendRecord> DailySpend => Set<DailySpendRecord>();

    public DbSet<ConsoleUserRecord> ConsoleUsers => Set<ConsoleUserRecord>();

    public DbSet<LogEventRecord> LogEvents => Set<LogEventRecord>();

    public DbSet<DeadLetterRecord> DeadLetters => Set<DeadLetterRecord>();

    public DbSet<ShadowAnswerRecord> ShadowAnswers => Set<ShadowAnswerRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type and EF cannot order or compare DateTimeOffset text there; UTC ticks sort correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TmoEdgeDbContext).Assembly);
}
