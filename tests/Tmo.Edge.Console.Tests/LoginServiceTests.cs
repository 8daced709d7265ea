using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tmo.Edge.Console.Hosting;
using Tmo.Edge.Console.Security;
using Tmo.Edge.Console.Tests.Security;
using Tmo.Edge.Data.Users;

namespace Tmo.Edge.Console.Tests;

public sealed class LoginServiceTests
{
    private const string Password = "the right password";

    [Fact]
    public async Task The_right_password_logs_in_with_the_account_s_security_stamp()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var logins = await LoginsAsync(database);

        var account = await database.Services.GetRequiredService<ConsoleUserStore>().FindAsync("admin", CancellationToken.None);
        Assert.Equal(new LoginResult.Success("admin", account!.SecurityStamp), await logins.LogInAsync("admin", Password, CancellationToken.None));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_for_ten_minutes_and_then_the_right_one_works_again()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var logins = await LoginsAsync(database);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Equal(new LoginResult.Failed(), await logins.LogInAsync("admin", "wrong", CancellationToken.None));
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

        Assert.Equal(new LoginResult.Failed(), await logins.LogInAsync("admin", "wrong", CancellationToken.None));
        Assert.Null((await database.Services.GetRequiredService<ConsoleUserStore>().FindAsync("admin", CancellationToken.None))!.LockedUntil);
    }

    [Fact]
    public async Task An_unknown_user_gets_the_answer_of_a_wrong_password_after_a_password_check_of_its_own()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var passwords = new CountingPasswordVerifier();
        var logins = await LoginsAsync(database, passwords);
        var admin = await database.Services.GetRequiredService<ConsoleUserStore>().FindAsync("admin", CancellationToken.None);

        var unknownUser = await logins.LogInAsync("mallory", Password, CancellationToken.None);
        var wrongPassword = await logins.LogInAsync("admin", "wrong", CancellationToken.None);

        Assert.Equal(wrongPassword, unknownUser);
        // Each cost a PBKDF2 check: the unknown name against a decoy hash, so that timing does not tell them apart.
        Assert.Equal(2, passwords.Checks);
        Assert.Equal(1, passwords.CheckedHashes.Count(hash => hash != admin!.PasswordHash));
    }

    [Fact]
    public async Task Parallel_wrong_passwords_beyond_the_limit_are_refused_without_a_password_check()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var passwords = new CountingPasswordVerifier();
        var logins = await LoginsAsync(database, passwords);

        // Twenty guesses posted at once, as a script would: each must see the ones started before it.
        var results = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(guess => OnItsOwnThread(() => logins.LogInAsync("admin", $"guess-{guess}", CancellationToken.None))));

        Assert.Equal(5, passwords.Checks);
        Assert.Equal(4, results.Count(r => r is LoginResult.Failed));
        Assert.Equal(16, results.Count(r => r is LoginResult.LockedOut));
        Assert.IsType<LoginResult.LockedOut>(await logins.LogInAsync("admin", Password, CancellationToken.None));
        Assert.Equal(5, passwords.Checks);
    }

    /// <summary>
    /// A thread per attempt, as Kestrel serves parallel requests: on a two-core machine the thread pool would run the
    /// (synchronous, CPU-bound) hash checks nearly one after another and hide a race between them.
    /// </summary>
    private static Task<LoginResult> OnItsOwnThread(Func<Task<LoginResult>> attempt) =>
        Task.Factory.StartNew(attempt, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private static async Task<LoginService> LoginsAsync(ConsoleDatabase database, IPasswordVerifier? passwords = null)
    {
        var users = database.Services.GetRequiredService<ConsoleUserStore>();
        await users.SetPasswordHashAsync("admin", PasswordHasher.Hash(Password), "test", CancellationToken.None);
        return new LoginService(
            users, passwords ?? new Pbkdf2PasswordVerifier(), Options.Create(new ConsoleOptions()), NullLogger<LoginService>.Instance);
    }
}
