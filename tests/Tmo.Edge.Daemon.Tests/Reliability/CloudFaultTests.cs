using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Daemon.Tests.Cli;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Tmo.Edge.Daemon.Tests.Runners.Cloud;
using Tmo.Edge.Policy.Dataset;
using Xunit.Abstractions;

namespace Tmo.Edge.Daemon.Tests.Reliability;

/// <summary>
/// The cloud endpoint failing in every way it does in the field, through the whole daemon (decision loop, retries,
/// circuit breaker, local fallback, journal, MQTT): a loopback OpenAI-compatible endpoint plays 500s, hangs, answers
/// too slow for the turn's ceiling and answers with broken JSON, then recovers. The local action is the replay runner.
/// </summary>
public sealed class CloudFaultTests(ITestOutputHelper output)
{
    /// <summary>What the endpoint answers when well: with a NUL, which the daemon drops from what it publishes and records.</summary>
    private const string CloudReply = "From the\0 cloud.";

    private const string CloudText = "From the cloud.";

    /// <summary>Longer than any ceiling the runner can quote (two 1 s attempts and their backoff).</summary>
    private static readonly TimeSpan TooSlow = TimeSpan.FromSeconds(4);

    private const double DailyCloudCapUsd = 5;

    [Fact]
    public async Task Cloud_500s_hangs_slow_and_broken_answers_each_give_one_fallback_or_error_and_the_cloud_answers_again_after_recovery()
    {
        var dataset = await M4A1Loader.LoadAsync(CliRun.DataPath);
        await using var endpoint = new FakeChatEndpoint { Next = FakeChatEndpoint.Reply.Answer(CloudReply, 90, 4) };
        var keyFile = Path.Combine(Path.GetTempPath(), $"tmo-cloud-key-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(keyFile, "sk-fault-test");
        try
        {
            var metricsPort = FreePort.Next();
            await using var daemon = await DaemonHost.StartAsync(new Dictionary<string, string?>
            {
                ["Tmo:CloudLlm:BaseUrl"] = endpoint.BaseUrl,
                ["Tmo:CloudLlm:Model"] = "edge-test",
                ["Tmo:CloudLlm:ApiKeyFile"] = keyFile,
                ["Tmo:CloudLlm:TimeoutSeconds"] = "1",
                ["Tmo:CloudLlm:MaxRetries"] = "1",
                ["Tmo:CloudLlm:RetryDelaySeconds"] = "0.05",
                ["Tmo:CloudLlm:CircuitFailureRatio"] = "0.5",
                ["Tmo:CloudLlm:CircuitMinimumThroughput"] = "4",
                ["Tmo:CloudLlm:CircuitSamplingSeconds"] = "4",
                ["Tmo:CloudLlm:CircuitBreakSeconds"] = "1",
                ["Tmo:Budgets:DailyCloudCapUsd"] = DailyCloudCapUsd.ToString(System.Globalization.CultureInfo.InvariantCulture),

                // One-turn dialogues with 4 s each, asking what took the local model longer: the local action never
                // fits, so the policy must go to the cloud, and a failed call can only be answered by the local
                // fallback cut at the turn's ceiling.
                ["Tmo:Budgets:MaxDialogueTurns"] = "1",
                ["Tmo:Budgets:DialogueLatencyS"] = "4",
                ["Tmo:Metrics:Enabled"] = "true",
                ["Tmo:Metrics:Port"] = metricsPort.ToString(),
            });
            await using var device = await ResilientDevice.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);
            await Eventually.ReturnsAsync(() => device.Health.LastOrDefault(h => h.Healthy), TimeSpan.FromSeconds(30));
            var questions = SlowLocally(dataset);
            var asked = 0;

            async Task<ResponseMessage> AskAsync(string phase)
            {
                var turn = questions[asked % questions.Length];
                var dialogue = $"cloud-{phase}-{asked++}";
                await device.PromptAsync(dialogue, turn.Question, turn.Task, $"{dialogue}#1");
                return await Eventually.ReturnsAsync(() => device.ResponsesTo(dialogue, 1) is [var answer, ..] ? answer : null, TimeSpan.FromSeconds(30));
            }

            // Asks until the endpoint has failed `calls` times in this phase (the open circuit masks the cloud for a
            // while in between, and those turns are answered or refused without it).
            async Task<List<ResponseMessage>> FaultAsync(string phase, FakeChatEndpoint.Reply fault, int calls)
            {
                endpoint.Next = fault;
                var before = endpoint.Requests.Count;
                var answers = new List<ResponseMessage>();
                while (endpoint.Requests.Count - before < calls)
                {
                    Assert.True(answers.Count < 40, $"{phase}: {answers.Count} prompts brought only {endpoint.Requests.Count - before} cloud calls");
                    var answer = await AskAsync(phase);
                    answers.Add(answer);
                    if (answer.Decision.Masked.Any(m => m.Reason.Contains("cloud circuit open", StringComparison.Ordinal)))
                    {
                        // Refused while the circuit is open: let the break run out so the next turn can probe.
                        await Task.Delay(TimeSpan.FromMilliseconds(250));
                    }
                }

                output.WriteLine($"{phase}: {answers.Count} prompts, {endpoint.Requests.Count - before} failed cloud calls, " +
                    $"{answers.Count(a => a.Error is null)} answered, {answers.Count(a => a.Error is not null)} with an error");
                return answers;
            }

            // The first call also loads the HTTP and SDK code: on a busy machine it can miss its ceiling, so ask until
            // the cloud has answered.
            var healthy = await Eventually.ReturnsAsync(
                async () => await AskAsync("before") is { Text: CloudText } answer ? answer : null, TimeSpan.FromSeconds(30));
            Assert.Equal("cloud", healthy.Decision.Location);

            var faulted = new List<ResponseMessage>();
            faulted.AddRange(await FaultAsync("http500", FakeChatEndpoint.Reply.Error(500), calls: 6));
            faulted.AddRange(await FaultAsync("hang", FakeChatEndpoint.Reply.Slow(TimeSpan.FromMinutes(5)), calls: 3));
            faulted.AddRange(await FaultAsync("slow", FakeChatEndpoint.Reply.Slow(TooSlow), calls: 3));
            faulted.AddRange(await FaultAsync("malformed", FakeChatEndpoint.Reply.Malformed(), calls: 3));

            // Nothing the endpoint said while faulty is ever an answer, and nothing is billed for it.
            Assert.All(faulted, a =>
            {
                Assert.NotEqual("too late", a.Text);
                Assert.Equal(0, a.UsageUsd);
                Assert.True(a.LatencyMs < TooSlow.TotalMilliseconds, $"{a.DialogueId} took {a.LatencyMs} ms: the ceiling did not stop the wait");
                Assert.True(a.Error is null || a.Error.Contains("cloud LLM failed", StringComparison.Ordinal) || a.Error.Contains("budget exhausted", StringComparison.Ordinal), a.Error);
            });
            Assert.Contains(faulted, a => a.Error is null && a.Decision.Location == "cloud");
            Assert.Contains(faulted, a => a.Decision.Masked.Any(m => m.Reason.Contains("cloud circuit open", StringComparison.Ordinal)));

            endpoint.Next = FakeChatEndpoint.Reply.Answer(CloudReply, 90, 4);
            var recovered = TimeProvider.System.GetUtcNow();
            var again = await Eventually.ReturnsAsync(
                async () => await AskAsync("recovered") is { Text: CloudText } answer ? answer : null, TimeSpan.FromSeconds(30));
            Assert.Null(again.Error);

            await DeliveryAudit.AssertHealthyAgainAsync(device, new Uri($"http://127.0.0.1:{metricsPort}/metrics"), recovered);
            var report = await DeliveryAudit.AssertDeliveredAsync(device, daemon.Settings["Tmo:Storage:DataDirectory"]!, DailyCloudCapUsd);
            output.WriteLine(report.ToString());
            Assert.Equal(asked + 1, report.Acknowledged);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    /// <summary>M4A1 questions whose recorded local answer (what the replay runner charges) took more than 5 s.</summary>
    private static DialogueTurn[] SlowLocally(DialogueDataset dataset)
    {
        var turns = dataset.Episodes.SelectMany(e => e.Turns).ToArray();
        var local = turns.Where(t => !t.Cloud && t.InteractionTimeS > 0).GroupBy(t => t.Question.Trim()).ToDictionary(g => g.Key, g => g.First().InteractionTimeS);
        return [.. turns.Where(t => local.GetValueOrDefault(t.Question.Trim()) > 5).DistinctBy(t => t.Question.Trim())];
    }
}
