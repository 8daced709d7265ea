using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Daemon.LiveCosts;
using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Daemon.Runners.Local;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Tmo.Edge.Daemon.Tests.Runners.Local;
using Xunit.Abstractions;

namespace Tmo.Edge.Daemon.Tests.Reliability;

/// <summary>
/// The local LLM's child process (`tmo-edge llm-host` with the tiny test model) SIGKILLed while it is answering,
/// through the whole daemon: the turn it was answering gets exactly one answer, an error (the local LLM has no
/// fallback: the cloud is capped off here), the daemon starts a new child, the next prompt is answered locally, and
/// no killed child is left behind as a zombie.
/// </summary>
public sealed class LocalChildKillTests(ITestOutputHelper output)
{
    private const int Kills = 3;
    private static readonly TimeSpan ModelLoad = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_local_llm_child_killed_mid_answer_three_times_gives_one_error_each_and_is_respawned_without_zombies()
    {
        var metricsPort = FreePort.Next();
        await using var daemon = await DaemonHost.StartAsync(new Dictionary<string, string?>
        {
            ["Tmo:LocalLlm:ModelPath"] = TinyModelFiles.Good,
            ["Tmo:LocalLlm:ContextSize"] = "2048",
            ["Tmo:LocalLlm:Threads"] = "1",
            // The tiny model never ends an answer itself: long answers leave time to kill the child mid-way.
            ["Tmo:LocalLlm:MaxTokens"] = "1000",
            ["Tmo:LocalLlm:PartialIntervalMs"] = "10",
            ["Tmo:LocalLlm:RestartInitialSeconds"] = "0.2",
            ["Tmo:LocalLlm:RestartMaxSeconds"] = "1",
            // No cloud money: every turn must be the local LLM's, and a failed one has nowhere else to go.
            ["Tmo:Budgets:DailyCloudCapUsd"] = "0",
            ["Tmo:Budgets:MaxDialogueTurns"] = "1",
            ["Tmo:Budgets:DialogueLatencyS"] = "120",
            ["Tmo:Metrics:Enabled"] = "true",
            ["Tmo:Metrics:Port"] = metricsPort.ToString(),
        });
        var local = Assert.IsType<LocalLlmRunner>(daemon.Services.GetRequiredService<LlmRunners>().Local.Backend());
        await using var device = await ResilientDevice.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);
        var killed = new List<int>();
        DateTimeOffset faultEnded = default;

        for (var kill = 1; kill <= Kills; kill++)
        {
            await LocalLlmRunnerTests.WaitUntilAvailableAsync(local);
            var child = local.HostProcessId!.Value;
            Assert.DoesNotContain(child, killed);

            var dialogue = $"child-kill-{kill}";
            await device.PromptAsync(dialogue, "Where did I put my dishes?", "Query", $"{dialogue}#1");
            await Eventually.ReturnsAsync(() => device.Partials.FirstOrDefault(p => p.DialogueId == dialogue), TimeSpan.FromSeconds(30));
            using (var process = Process.GetProcessById(child))
            {
                process.Kill();
            }

            killed.Add(child);
            faultEnded = TimeProvider.System.GetUtcNow();
            var answer = await Eventually.ReturnsAsync(() => device.ResponsesTo(dialogue, 1) is [var first, ..] ? first : null, TimeSpan.FromSeconds(30));
            Assert.Equal(0, answer.Decision.Action);
            Assert.NotNull(answer.Error);
            Assert.Contains("SIGKILL", answer.Error, StringComparison.Ordinal);
            Assert.True(answer.LatencyMs > 0, "the failed turn was charged no time, though the user waited for it");

            await LocalLlmRunnerTests.WaitUntilAvailableAsync(local);
            var next = $"after-kill-{kill}";
            await device.PromptAsync(next, "Where did I put my dishes?", "Query", $"{next}#1");
            var again = await Eventually.ReturnsAsync(() => device.ResponsesTo(next, 1) is [var first, ..] ? first : null, ModelLoad);
            Assert.Null(again.Error);
            Assert.Equal(0, again.Decision.Action);
            Assert.NotEmpty(again.Text);
            Assert.NotEqual(child, local.HostProcessId);
            await Eventually.HoldsAsync(() => !ChildLingers(child), $"killed child {child} reaped", TimeSpan.FromSeconds(5));
        }

        var answered = await DeliveryAudit.AssertHealthyAgainAsync(device, new Uri($"http://127.0.0.1:{metricsPort}/metrics"), faultEnded, ModelLoad);
        Assert.Equal(0, answered.Decision.Action);
        var report = await DeliveryAudit.AssertDeliveredAsync(device, daemon.Settings["Tmo:Storage:DataDirectory"]!, dailyCloudCapUsd: 0);
        output.WriteLine($"{Kills} children killed mid-answer ({string.Join(", ", killed)}); {report}");
        Assert.Equal((2 * Kills) + 1, report.Acknowledged);
        Assert.Equal(Kills, report.Failed);

        var last = local.HostProcessId!.Value;
        await daemon.StopAsync();
        await Eventually.HoldsAsync(() => !ChildLingers(last), $"the last child {last} gone after the daemon stopped", TimeSpan.FromSeconds(10));
    }

    /// <summary>The process still exists: running, or a zombie nobody reaped (/proc/PID/stat state Z).</summary>
    private static bool ChildLingers(int pid)
    {
        try
        {
            return File.Exists($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
