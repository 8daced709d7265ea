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
    public async Task The_last_allowed_failure_locks_the_account_and_setting_a_password_lifts_the_lock()
    {
        await using var database = await TestDatabase.CreateAsync();
        var users = database.Get<ConsoleUserStore>();
        await users.SetPasswordHashAsync("admin", "hash", "test", CancellationToken.None);

        for (var failure = 1; failure < 3; failure++)
        {
            Assert.Null((await users.RecordFailureAsync("admin", 3, TimeSpan.FromMinutes(10), CancellationToken.None))!.LockedUntil);
        }

        var locked = await users.RecordFailureAsync("admin", 3, TimeSpan.FromMinutes(10), CancellationToken.None);
        Assert.Equal(TestDatabase.Start + TimeSpan.FromMinutes(10), locked!.LockedUntil);

        await users.SetPasswordHashAsync("admin", "new-hash", "cli:set-password", CancellationToken.None);
        var reset = await users.FindAsync("admin", CancellationToken.None);
        Assert.Equal((null, 0, "new-hash"), (reset!.LockedUntil, reset.FailedLogins, reset.PasswordHash));
    }
}
