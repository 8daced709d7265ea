using Microsoft.Extensions.Options;
using Tmo.Edge.Console.Security;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Migrating;
using Tmo.Edge.Data.Users;

namespace Tmo.Edge.Console.Hosting;

/// <summary>
/// Runs before Kestrel accepts a request: refuses a database whose schema this build does not know (the daemon owns
/// migrations), and on first start creates the admin account with a generated password, written to a file only the
/// service's user can read (the log says where, never the password: the journal is readable by the adm group and is
/// often shipped off the device).
/// </summary>
public sealed partial class ConsoleStartup(
    SchemaCheck schema,
    ConsoleUserStore users,
    IOptions<ConsoleOptions> options,
    IOptions<StorageOptions> storage,
    ILogger<ConsoleStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await schema.EnsureKnownSchemaAsync(cancellationToken);
        var admin = options.Value.AdminUser;
        if (await users.FindAsync(admin, cancellationToken) is not null)
        {
            return;
        }

        // Hashing costs a noticeable fraction of a second, so only when the account is missing; CreateIfAbsent still
        // guards against a second console starting at the same moment.
        var password = PasswordHasher.Generate();
        if (await users.CreateIfAbsentAsync(admin, PasswordHasher.Hash(password), "console:first-start", cancellationToken))
        {
            var file = Path.Combine(ConsoleStateDirectory.Of(options.Value, storage.Value), ConsoleStateDirectory.InitialPasswordFileName);
            await WriteOwnerOnlyAsync(file, password, cancellationToken);
            LogGeneratedPassword(logger, admin, file);
        }
    }

    private static async Task WriteOwnerOnlyAsync(string file, string password, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        // A file left from an earlier first start would keep its mode: start from none.
        File.Delete(file);
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(file, create);
        await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(password + "\n"), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "First start: created console user {User}; its generated password is in {File}, readable by this service's user only (log in with it, delete the file, and change the password with `tmo-edge-console set-password`)")]
    private static partial void LogGeneratedPassword(ILogger logger, string user, string file);
}
