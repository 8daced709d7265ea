using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmo.Edge.Console.Hosting;
using Tmo.Edge.Console.Security;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Migrating;
using Tmo.Edge.Data.Users;
using Xunit.Abstractions;

namespace Tmo.Edge.Console.Tests.Security;

public sealed class FirstStartPasswordTests(ITestOutputHelper output)
{
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_first_start_password_goes_to_an_owner_only_file_and_never_to_the_log()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var logs = new RecordingLoggerProvider(output);
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var storage = database.Services.GetRequiredService<IOptions<StorageOptions>>();
        var users = database.Services.GetRequiredService<ConsoleUserStore>();
        var startup = new ConsoleStartup(
            database.Services.GetRequiredService<SchemaCheck>(), users, Options.Create(new ConsoleOptions()), storage, loggers.CreateLogger<ConsoleStartup>());

        await startup.StartAsync(CancellationToken.None);

        var file = Path.Combine(storage.Value.DataDirectory, ConsoleStateDirectory.InitialPasswordFileName);
        var password = (await File.ReadAllTextAsync(file)).TrimEnd('\n');
        Assert.True(password.Length >= PasswordHasher.MinimumLength);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var admin = await users.FindAsync("admin", CancellationToken.None);
        Assert.True(PasswordHasher.Verify(password, admin!.PasswordHash));
        var created = Assert.Single(logs.Entries);
        Assert.Contains(file, created.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(password, created.Message, StringComparison.Ordinal);

        // A second start finds the account: nothing is generated, written or logged again.
        File.Delete(file);
        await startup.StartAsync(CancellationToken.None);
        Assert.False(File.Exists(file));
        Assert.Single(logs.Entries);
    }
}
