using Microsoft.Extensions.Options;
using Tmo.Edge.Console.Hosting;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Connecting;
using Tmo.Edge.Data.Migrating;
using Tmo.Edge.Data.Users;

namespace Tmo.Edge.Console.Security;

/// <summary>
/// `tmo-edge-console set-password [--user NAME] [configuration overrides]`: reads the new password (never from the
/// command line, so it appears in no process list or shell history; see <see cref="PasswordPrompt"/>), hashes it and
/// stores it in the database the service uses (its configuration, <see cref="ConsoleHostingExtensions.CreateBuilder"/>),
/// lifting any lockout and ending the account's sessions.
/// </summary>
internal static class SetPasswordCommand
{
    public const string Name = "set-password";

    public static async Task<int> RunAsync(string[] args, string configurationDirectory, PasswordPrompt prompt, TextWriter output, TextWriter error)
    {
        var rest = args.ToList();
        string? user = null;
        var userAt = rest.IndexOf("--user");
        if (userAt >= 0)
        {
            if (userAt + 1 >= rest.Count)
            {
                await error.WriteLineAsync("--user needs a name.");
                return 2;
            }

            user = rest[userAt + 1];
            rest.RemoveRange(userAt, 2);
        }

        var builder = ConsoleHostingExtensions.CreateBuilder(rest.ToArray(), configurationDirectory);
        builder.Logging.ClearProviders();
        builder.Services.AddTmoEdgeData();
        builder.Services.AddValidatedOptions<ConsoleOptions, ConsoleOptionsValidator>().BindConfiguration(ConsoleOptions.Section);
        await using var host = builder.Build();
        var services = host.Services;
        user ??= services.GetRequiredService<IOptions<ConsoleOptions>>().Value.AdminUser;

        var password = await prompt.ReadAsync(
            $"New password for console user {user} (at least {PasswordHasher.MinimumLength} characters), then Enter:", error, CancellationToken.None);
        if (password is null)
        {
            return 1;
        }

        if (PasswordHasher.Weakness(password) is { } weakness)
        {
            await error.WriteLineAsync(weakness);
            return 1;
        }

        try
        {
            await services.GetRequiredService<SchemaCheck>().EnsureKnownSchemaAsync(CancellationToken.None);
            await services.GetRequiredService<ConsoleUserStore>().SetPasswordHashAsync(user, PasswordHasher.Hash(password), "cli:set-password", CancellationToken.None);
        }
        catch (InvalidOperationException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return 1;
        }

        await output.WriteLineAsync($"Password set for {user} in {SqliteDatabase.PathIn(services.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory)}; its sessions are ended.");
        return 0;
    }
}
