using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Data.Settings;

namespace Tmo.Edge.Data.Tests.Stores;

public sealed class SettingsStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Setting_a_value_stores_it_and_audits_the_change()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = database.Get<SettingsStore>();

        Assert.True(await settings.SetAsync("Tmo:Budgets:DailyCloudUsd", "2.5", "alice", None));
        database.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await settings.SetAsync("Tmo:Budgets:DailyCloudUsd", "3", "bob", None));

        Assert.Equal("3", await settings.GetAsync("Tmo:Budgets:DailyCloudUsd", None));
        Assert.Null(await settings.GetAsync("Tmo:Unset", None));
        var setting = Assert.Single(await settings.ListAsync(None));
        Assert.Equal(("bob", database.Time.GetUtcNow()), (setting.UpdatedBy, setting.UpdatedAt));

        await using var db = database.NewContext();
        var audit = await db.AuditLog.OrderBy(a => a.Id).Select(a => new { a.Actor, a.Action, a.Detail }).ToListAsync();
        Assert.Equal(
            [("alice", "Tmo:Budgets:DailyCloudUsd: (unset) -> 2.5"), ("bob", "Tmo:Budgets:DailyCloudUsd: 2.5 -> 3")],
            audit.Select(a => (a.Actor, a.Detail)));
        Assert.All(audit, a => Assert.Equal(SettingsStore.ChangedAction, a.Action));
    }

    [Fact]
    public async Task Setting_the_current_value_again_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = database.Get<SettingsStore>();
        await settings.SetAsync("k", "v", "alice", None);

        Assert.False(await settings.SetAsync("k", "v", "bob", None));

        await using var db = database.NewContext();
        Assert.Equal(1, await db.AuditLog.CountAsync());
        Assert.Equal("alice", (await db.Settings.SingleAsync()).UpdatedBy);
    }

    [Fact]
    public async Task A_change_whose_audit_entry_fails_is_not_stored()
    {
        await using var database = await TestDatabase.CreateAsync();
        database.Logs.ExpectErrors();
        await database.ExecuteSqlAsync(
            "CREATE TRIGGER AuditUnavailable BEFORE INSERT ON AuditLog BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END;");

        await Assert.ThrowsAsync<DbUpdateException>(() => database.Get<SettingsStore>().SetAsync("k", "v", "alice", None));

        Assert.Null(await database.Get<SettingsStore>().GetAsync("k", None));
    }
}
