using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tmo.Edge.Data.Connecting;
using Tmo.Edge.Data.Migrating;
using Tmo.Edge.Data.Tests.Journal;

namespace Tmo.Edge.Data.Tests;

/// <summary>
/// A real database file in its own temporary folder, wired the way the daemon wires it (AddTmoEdgeData over
/// configuration) with a FakeTimeProvider. Disposing it fails the test if an error was logged that the test did not
/// expect, then deletes the folder.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<ServiceProvider> _processes = [];

    private readonly IReadOnlyDictionary<string, string?> _storage;

    private TestDatabase(string dataDirectory, FakeTimeProvider time, IReadOnlyDictionary<string, string?> storage)
    {
        DataDirectory = dataDirectory;
        Time = time;
        _storage = storage;
        Services = OpenProcess();
    }

    public string DataDirectory { get; }

    public string DatabasePath => SqliteDatabase.PathIn(DataDirectory);

    public FakeTimeProvider Time { get; }

    public LogCollector Logs { get; } = new();

    /// <summary>The transactions run on every connection EF opens, in every process (the journal writer's among them).</summary>
    public TransactionTrace Transactions { get; } = new();

    /// <summary>The "daemon": the latest process opened on the file.</summary>
    public IServiceProvider Services { get; private set; }

    /// <param name="storage">More "Tmo:Storage" settings (key relative to the section), for every process opened.</param>
    public static async Task<TestDatabase> CreateAsync(bool migrate = true, IReadOnlyDictionary<string, string?>? storage = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "tmo-edge-data-tests", Guid.NewGuid().ToString("N"));
        var database = new TestDatabase(directory, new FakeTimeProvider(Start), storage ?? new Dictionary<string, string?>());
        if (migrate)
        {
            await database.Get<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        }

        return database;
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public TmoEdgeDbContext NewContext() => Get<IDbContextFactory<TmoEdgeDbContext>>().CreateDbContext();

    /// <summary>Another process on the same file, as the console is beside the daemon.</summary>
    public IServiceProvider OpenProcess()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{StorageOptions.Section}:DataDirectory"] = DataDirectory })
            .AddInMemoryCollection(_storage.Select(setting => KeyValuePair.Create($"{StorageOptions.Section}:{setting.Key}", setting.Value)))
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(Time)
            .AddLogging(logging => logging.AddProvider(Logs))
            .AddTmoEdgeData()
            .ConfigureDbContext<TmoEdgeDbContext>(options => options.AddInterceptors(Transactions), ServiceLifetime.Singleton)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _processes.Add(services);
        return services;
    }

    /// <summary>Disposes every process and closes every pooled connection, then opens the file again.</summary>
    public async Task RestartAsync()
    {
        await CloseAsync();
        Services = OpenProcess();
    }

    /// <summary>Runs raw SQL on a connection of its own, outside EF (to tamper with the file as another tool would).</summary>
    public async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection(SqliteDatabase.ConnectionString(DataDirectory));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }

        Assert.Empty(Logs.UnexpectedErrors);
    }

    private async Task CloseAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        _processes.Clear();
        using var connection = new SqliteConnection(SqliteDatabase.ConnectionString(DataDirectory));
        SqliteConnection.ClearPool(connection);
    }
}
