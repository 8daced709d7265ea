using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Migrating;

namespace Tmo.Edge.Console.Tests;

/// <summary>A migrated SQLite file in a temporary directory with the data services on a fake clock.</summary>
internal sealed class ConsoleDatabase : IAsyncDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("tmo-console-tests-");

    private ConsoleDatabase()
    {
        Services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Tmo:Storage:DataDirectory"] = _directory.FullName })
                .Build())
            .AddTmoEdgeData()
            .BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));

    public ServiceProvider Services { get; }

    public string DataDirectory => _directory.FullName;

    public static async Task<ConsoleDatabase> CreateAsync()
    {
        var database = new ConsoleDatabase();
        await database.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }
}
