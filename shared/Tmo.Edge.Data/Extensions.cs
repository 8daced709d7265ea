using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Data.Auditing;
using Tmo.Edge.Data.Connecting;
using Tmo.Edge.Data.DeadLetters;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Migrating;
using Tmo.Edge.Data.Policies;
using Tmo.Edge.Data.Retention;
using Tmo.Edge.Data.Settings;
using Tmo.Edge.Data.Spending;
using Tmo.Edge.Data.Telemetry;
using Tmo.Edge.Data.Users;

namespace Tmo.Edge.Data;

public static class Extensions
{
    /// <summary>
    /// The database (options from "Tmo:Storage", validated at start) and its stores, for the daemon and the console
    /// alike. TimeProvider.System unless one is already registered.
    /// </summary>
    public static IServiceCollection AddTmoEdgeData(this IServiceCollection services)
    {
        services.AddValidatedOptions<StorageOptions, StorageOptionsValidator>().BindConfiguration(StorageOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddPooledDbContextFactory<TmoEdgeDbContext>((provider, options) =>
            options.UseTmoEdgeSqlite(provider.GetRequiredService<IOptions<StorageOptions>>().Value));

        services.TryAddSingleton<DatabaseMigrator>();
        services.TryAddSingleton<SchemaCheck>();
        services.TryAddSingleton<TurnJournal>();
        services.TryAddSingleton<ShadowAnswerStore>();
        services.TryAddSingleton<DailySpendLedger>();
        services.TryAddSingleton<SettingsStore>();
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<PolicyVersionStore>();
        services.TryAddSingleton<PolicyRoundStore>();
        services.TryAddSingleton<TelemetryStore>();
        services.TryAddSingleton<ConsoleUserStore>();
        services.TryAddSingleton<DeadLetterStore>();
        return services;
    }

    /// <summary>
    /// The retention sweep, on top of <see cref="AddTmoEdgeData"/>; for the daemon only, the process that owns turns
    /// and telemetry.
    /// </summary>
    public static IServiceCollection AddTmoEdgeRetention(this IServiceCollection services) =>
        services.AddHostedService<RetentionService>();
}
