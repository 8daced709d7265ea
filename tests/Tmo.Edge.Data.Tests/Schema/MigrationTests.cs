using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Migrating;

namespace Tmo.Edge.Data.Tests.Schema;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrations_apply_to_a_fresh_file_and_leave_nothing_pending()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.NewContext();

        Assert.True(File.Exists(database.DatabasePath));
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task The_model_matches_the_last_migration()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.NewContext();

        // Fails when the model changed without `dotnet ef migrations add`.
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task Migrating_an_up_to_date_database_again_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await database.Get<TurnJournal>().AcceptAsync(Turns.New("d1", database.Time.GetUtcNow()), Turns.Budget, CancellationToken.None);

        await database.Get<DatabaseMigrator>().MigrateAsync(CancellationToken.None);

        await using var db = database.NewContext();
        Assert.Equal(1, await db.Turns.CountAsync());
    }

    [Fact]
    public async Task The_migrator_refuses_a_database_written_by_a_newer_build()
    {
        await using var database = await TestDatabase.CreateAsync();
        await database.ExecuteSqlAsync(
            "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('29990101000000_FromTheFuture', '99.0.0');");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => database.Get<DatabaseMigrator>().MigrateAsync(CancellationToken.None));
        Assert.Contains("29990101000000_FromTheFuture", error.Message);
    }
}
