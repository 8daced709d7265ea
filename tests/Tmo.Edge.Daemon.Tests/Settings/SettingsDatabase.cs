using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Migrating;
using Tmo.Edge.Data.Settings;

namespace Tmo.Edge.Daemon.Tests.Settings;

/// <summary>A migrated SQLite database in a temporary directory, with the settings store the console writes to.</summary>
internal sealed class SettingsDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _directory;

    private SettingsDatabase(string directory)
    {
        _directory = directory;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{StorageOptions.Section}:DataDirectory"] = directory })
            .Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.AddProvider(Logs))
            .AddTmoEdgeData()
            .BuildServiceProvider();
    }

    public RecordingLoggerProvider Logs { get; } = new(null);

    public SettingsStore Settings => _services.GetRequiredService<SettingsStore>();

    public static async Task<SettingsDatabase> CreateAsync()
    {
        var database = new SettingsDatabase(Directory.CreateTempSubdirectory("tmo-settings-").FullName);
        await database._services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        return database;
    }

    public ILogger<T> Logger<T>() => _services.GetRequiredService<ILogger<T>>();

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public Task SetAsync(string key, string value) => Settings.SetAsync(key, value, "console:test", CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite WAL files can linger a moment after the last connection closes; the OS cleans temp.
        }
    }
}
