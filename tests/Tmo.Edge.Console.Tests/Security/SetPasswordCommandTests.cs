using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Console.Security;
using Tmo.Edge.Data.Users;

namespace Tmo.Edge.Console.Tests.Security;

/// <summary>`tmo-edge-console set-password` run as an operator runs it: the built binary, its password piped in.</summary>
public sealed class SetPasswordCommandTests
{
    private const string NewPassword = "a-new-console-password";

    [Fact]
    public async Task It_sets_a_piped_password_in_the_database_of_the_configuration_directory_without_echoing_it()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var users = database.Services.GetRequiredService<ConsoleUserStore>();
        await users.SetPasswordHashAsync("admin", PasswordHasher.Hash("the-old-password"), "test", CancellationToken.None);
        var before = await users.FindAsync("admin", CancellationToken.None);
        // The only place that names this database: the binary's own appsettings.json points elsewhere ("data").
        var configuration = Directory.CreateTempSubdirectory("tmo-console-config-");
        await File.WriteAllTextAsync(
            Path.Combine(configuration.FullName, "appsettings.json"),
            JsonSerializer.Serialize(new { Tmo = new { Storage = new { database.DataDirectory } } }));

        try
        {
            var (exitCode, output) = await RunAsync(configuration.FullName, NewPassword + "\n");

            Assert.True(exitCode == 0, output);
            Assert.DoesNotContain(NewPassword, output, StringComparison.Ordinal);
            var after = await users.FindAsync("admin", CancellationToken.None);
            Assert.True(PasswordHasher.Verify(NewPassword, after!.PasswordHash));
            Assert.NotEqual(before!.SecurityStamp, after.SecurityStamp);
        }
        finally
        {
            configuration.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The apphost the build puts beside the tests, started as systemd's unit would set its configuration directory,
    /// from a working directory that holds nothing of the console's.
    /// </summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(string configurationDirectory, string standardInput)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "tmo-edge-console"), ["set-password"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment["CONFIGURATION_DIRECTORY"] = configurationDirectory;
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(standardInput);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
