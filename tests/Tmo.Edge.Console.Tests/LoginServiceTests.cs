using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tmo.Edge.Console.Hosting;
using Tmo.Edge.Console.Security;
using Tmo.Edge.Data.Users;

namespace Tmo.Edge.Console.Tests;

public sealed class LoginServiceTests
{
    private const string Password = "the right password";

    [Fact]
    public async Task The_right_password_logs_in()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var logins = await LoginsAsync(database);

        Assert.Equal(new LoginResult.Success("admin"), await logins.LogInAsync("admin", Password, CancellationToken.None));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_for_ten_minutes_and_then_the_right_one_works_again()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var logins = await LoginsAsync(database);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Equal(new LoginResult.Failed(5 - attempt), await logins.LogInAsync("admin", "wrong", CancellationToken.None));
        }

        var locked = Assert.IsType<LoginResult.LockedOut>(await logins.LogInAsync("admin", "wrong", CancellationToken.None));
        Assert.Equal(database.Time.GetUtcNow() + TimeSpan.FromMinutes(10), locked.Until);
        Assert.IsType<LoginResult.LockedOut>(await logins.LogInAsync("admin", Password, CancellationToken.None));

        database.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        Assert.IsType<LoginResult.Success>(await logins.LogInAsync("admin", Password, CancellationToken.None));
    }

    [Fact]
    public async Task A_successful_login_forgives_earlier_wrong_passwords()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var logins = await LoginsAsync(database);
        for (var attempt = 0; attempt < 4; attempt++)
        {
            await logins.LogInAsync("admin", "wrong", CancellationToken.None);
        }

        await logins.LogInAsync("admin", Password, CancellationToken.None);

        Assert.Equal(new LoginResult.Failed(4), await logins.LogInAsync("admin", "wrong", CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_user_fails_like_a_wrong_password()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var logins = await LoginsAsync(database);

        Assert.IsType<LoginResult.Failed>(await logins.LogInAsync("mallory", Password, CancellationToken.None));
    }

    private static async Task<LoginService> LoginsAsync(ConsoleDatabase database)
    {
        var users = database.Services.GetRequiredService<ConsoleUserStore>();
        await users.SetPasswordHashAsync("admin", PasswordHasher.Hash(Password), "test", CancellationToken.None);
        return new LoginService(users, Options.Create(new ConsoleOptions()), database.Time, NullLogger<LoginService>.Instance);
    }
}
