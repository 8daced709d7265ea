using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Data.Migrating;

namespace Tmo.Edge.Data.Tests.Schema;

public sealed class SchemaCheckTests
{
    [Fact]
    public async Task A_database_at_this_builds_schema_passes()
    {
        await using var database = await TestDatabase.CreateAsync();

        await database.Get<SchemaCheck>().EnsureKnownSchemaAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_unknown_migration_is_named_in_the_error()
    {
        await using var database = await TestDatabase.CreateAsync();
        await database.ExecuteSqlAsync(
            "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('29990101000000_FromTheFuture', '99.0.0');");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => database.Get<SchemaCheck>().EnsureKnownSchemaAsync(CancellationToken.None));
        Assert.Contains("does not know: 29990101000000_FromTheFuture", error.Message);
        Assert.Contains(database.DatabasePath, error.Message);
    }

    [Fact]
    public async Task Pending_migrations_are_named_in_the_error()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        Directory.CreateDirectory(database.DataDirectory);
        await database.ExecuteSqlAsync("CREATE TABLE Unrelated (Id INTEGER);");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => database.Get<SchemaCheck>().EnsureKnownSchemaAsync(CancellationToken.None));
        await using var db = database.NewContext();
        Assert.Contains(db.Database.GetMigrations().Last(), error.Message);
        Assert.Contains("Start the daemon", error.Message);
    }

    [Fact]
    public async Task A_missing_database_file_is_reported_and_not_created()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => database.Get<SchemaCheck>().EnsureKnownSchemaAsync(CancellationToken.None));
        Assert.Contains($"no database at {database.DatabasePath}", error.Message);
        Assert.False(File.Exists(database.DatabasePath));
    }
}
