using Microsoft.Extensions.Options;
using Tmo.Edge.Console.Security;
using Tmo.Edge.Data.Migrating;
using Tmo.Edge.Data.Users;

namespace Tmo.Edge.Console.Hosting;

/// <summary>
/// Runs before Kestrel accepts a request: refuses a database whose schema this build does not know (the daemon owns
/// migrations), and on first start creates the admin account with a generated password, written once to the log.
/// </summary>
public sealed partial class ConsoleStartup(
    SchemaCheck schema,
    ConsoleUserStore users,
    IOptions<ConsoleOptions> options,
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
            // Information, not Warning: warnings are also stored in the database, and the password must not be.
            LogGeneratedPassword(logger, admin, password);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "First start: created console user {User} with the password {Password} (shown once; change it with `tmo-edge-console set-password`)")]
    private static partial void LogGeneratedPassword(ILogger logger, string user, string password);
}
