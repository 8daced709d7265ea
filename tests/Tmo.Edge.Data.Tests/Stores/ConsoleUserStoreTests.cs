using Tmo.Edge.Data.Users;

namespace Tmo.Edge.Data.Tests.Stores;

public sealed class ConsoleUserStoreTests
{
    [Fact]
    public async Task The_first_start_account_is_created_once_and_never_overwritten()
    {
        await using var database = await TestDatabase.CreateAsync();
        var users = database.Get<ConsoleUserStore>();

        Assert.True(await users.CreateIfAbsentAsync("admin", "hash-1", "console:first-start", CancellationToken.None));
        Assert.False(await users.CreateIfAbsentAsync("admin", "hash-2", "console:first-start", CancellationToken.None));

        Assert.Equal("hash-1", (await users.FindAsync("admin", CancellationToken.None))!.PasswordHash);
    }

    [Fact]
    public async Task The_last_allowed_attempt_locks_the_account_before_its_password_is_checked_and_setting_a_password_lifts_the_lock()
    {
        await using var database = await TestDatabase.CreateAsync();
        var users = database.Get<ConsoleUserStore>();
        await users.SetPasswordHashAsync("admin", "hash", "test", CancellationToken.None);

        for (var attempt = 1; attempt < 3; attempt++)
        {
            var granted = Assert.IsType<LoginAttempt.Granted>(await users.ReserveLoginAttemptAsync("admin", 3, TimeSpan.FromMinutes(10), CancellationToken.None));
            Assert.Equal((attempt, null), (granted.Account.FailedLogins, granted.LocksUntil));
        }

        var last = Assert.IsType<LoginAttempt.Granted>(await users.ReserveLoginAttemptAsync("admin", 3, TimeSpan.FromMinutes(10), CancellationToken.None));
        Assert.Equal(TestDatabase.Start + TimeSpan.FromMinutes(10), last.LocksUntil);
        Assert.Equal(
            new LoginAttempt.Refused(TestDatabase.Start + TimeSpan.FromMinutes(10)),
            await users.ReserveLoginAttemptAsync("admin", 3, TimeSpan.FromMinutes(10), CancellationToken.None));

        await users.SetPasswordHashAsync("admin", "new-hash", "cli:set-password", CancellationToken.None);
        var reset = await users.FindAsync("admin", CancellationToken.None);
        Assert.Equal((null, 0, "new-hash"), (reset!.LockedUntil, reset.FailedLogins, reset.PasswordHash));
    }

    [Fact]
    public async Task An_unknown_name_reserves_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();

        Assert.IsType<LoginAttempt.UnknownUser>(
            await database.Get<ConsoleUserStore>().ReserveLoginAttemptAsync("mallory", 3, TimeSpan.FromMinutes(10), CancellationToken.None));
    }

    [Fact]
    public async Task Every_password_set_gives_the_account_a_new_security_stamp()
    {
        await using var database = await TestDatabase.CreateAsync();
        var users = database.Get<ConsoleUserStore>();
        await users.CreateIfAbsentAsync("admin", "hash-1", "console:first-start", CancellationToken.None);
        var first = (await users.FindAsync("admin", CancellationToken.None))!.SecurityStamp;

        await users.SetPasswordHashAsync("admin", "hash-1", "cli:set-password", CancellationToken.None);
        var second = (await users.FindAsync("admin", CancellationToken.None))!.SecurityStamp;

        Assert.Matches("^[0-9A-F]{32}$", first);
        Assert.Matches("^[0-9A-F]{32}$", second);
        Assert.NotEqual(first, second);
    }
}
