using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Daemon.Tests.Cli;
using Tmo.Edge.Daemon.Tests.EndToEnd;

namespace Tmo.Edge.Daemon.Tests.Security;

/// <summary>
/// README's Mosquitto examples, pasted as they are into bash against a real daemon set up as `make run` sets it up:
/// its `mqtt-user add ... --generate` lines from scripts/demo make the device login, in an `out/` folder beside the
/// daemon's data. Only the port is changed (the test cannot take 1883).
/// </summary>
public sealed partial class ReadmeExampleTests
{
    [Fact]
    public async Task The_readme_mosquitto_examples_work_when_pasted_with_the_login_make_run_prints()
    {
        await using var daemon = await DaemonHost.StartAsync(new Dictionary<string, string?> { ["Tmo:DeviceId"] = "edge-1" });
        var work = daemon.Directory;
        Directory.CreateSymbolicLink(Path.Join(work, "out"), work);
        await File.WriteAllBytesAsync(Path.Join(work, "frame.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, 0, 16]);

        // What the daemon leaves for the console on a fresh install (EmbeddedBrokerStartTests); the test accounts have it.
        await File.WriteAllTextAsync(Path.Join(work, "data", "mqtt-console-password"), Mqtt.TestLogins.PasswordOf(Mqtt.TestLogins.Console));
        var demoLine = File.ReadAllLines(Path.Join(RepositoryRoot.Find(), "scripts", "demo"))
            .Single(line => line.Contains("mqtt-user add device-1", StringComparison.Ordinal));
        var example = ReadmeExample().Replace("-h 127.0.0.1", $"-h 127.0.0.1 -p {daemon.BrokerPort}", StringComparison.Ordinal);
        var script = $"""
            set -euo pipefail
            trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
            cli=(dotnet "{Path.Join(AppContext.BaseDirectory, "tmo-edge.dll")}")
            OUT=out
            {demoLine.Trim()}
            exec > example.out 2>&1
            {example}
            # The answer and the error come when the daemon gets to them; wait for both (up to 60 s on a busy machine).
            for _ in $(seq 120); do
              grep -q 'out/response' example.out && grep -q 'invalid JSON' example.out && break
              sleep 0.5
            done
            kill $!
            """;

        var (exitCode, scriptOutput) = await BashAsync(work, script);
        var output = scriptOutput + await File.ReadAllTextAsync(Path.Join(work, "example.out"));

        Assert.True(exitCode is 0 or 143, output);
        Assert.Matches("""tmo/edge-1/users/device-1/out/response \{"dialogueId":"kitchen-42","turn":1""", output);
        Assert.Matches("""tmo/edge-1/users/device-1/error \{"topic":"tmo/edge-1/users/device-1/in/prompt","reason":"invalid JSON""", output);
        var budgets = daemon.Services.GetRequiredService<BudgetSettings>();
        await Eventually.ReturnsAsync(() => budgets.Dialogue.LatencyS == 20 ? budgets : null);
        Assert.Equal(0.02, budgets.Dialogue.UsageUsd);
    }

    private static string ReadmeExample()
    {
        var readme = File.ReadAllText(Path.Join(RepositoryRoot.Find(), "README.md"));
        return ExampleBlock().Match(readme) is { Success: true } match
            ? match.Groups["commands"].Value
            : throw new InvalidOperationException("README.md has no block after <!-- readme-mqtt-example ... -->");
    }

    private static async Task<(int ExitCode, string Output)> BashAsync(string directory, string script)
    {
        var file = Path.Join(directory, "readme-example.sh");
        await File.WriteAllTextAsync(file, script);
        var start = new ProcessStartInfo("bash", [file]) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex("<!-- readme-mqtt-example[^>]*-->\\s*```sh\\n(?<commands>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
