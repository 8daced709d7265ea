using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.TestSupport.Mqtt;

namespace Tmo.Edge.Bench;

/// <summary>
/// The transport's ceiling on this machine, measured beside the daemon: Mosquitto without persistence, M4A1's prompts
/// (the daemon's own JSON, one per line) published at QoS 1 by `mosquitto_pub -l` and received at QoS 1 by
/// `mosquitto_sub`, timed from the publisher's start to the last message's arrival. Nothing is stored or decided.
/// </summary>
internal static class MosquittoBaseline
{
    private const string Topic = "tmo/baseline/prompt";
    private const string Probe = "probe";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<BaselineResult> MeasureAsync(BenchSetup setup, string directory, int messages)
    {
        var turns = setup.Dataset.Episodes.SelectMany(e => e.Turns.Select(t => new PromptMessage($"baseline-{e.Id}", t.Question, t.Task))).ToArray();
        var payloads = Path.Combine(directory, "baseline-prompts.jsonl");
        await File.WriteAllLinesAsync(payloads, Enumerable.Range(0, messages).Select(i => JsonSerializer.Serialize(turns[i % turns.Length], ContractJsonContext.Default.PromptMessage)));
        await using var broker = await Mosquitto.StartNewAsync(new MosquittoSettings { ExtraConfiguration = "max_queued_messages 1000000\nset_tcp_nodelay true" });
        string[] endpoint = ["-h", "127.0.0.1", "-p", broker.Port.ToString(CultureInfo.InvariantCulture), "-q", "1", "-t", Topic];
        using var subscriber = Start("mosquitto_sub", endpoint);
        using var timeout = new CancellationTokenSource(Timeout);
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = CountAsync(subscriber, messages, subscribed, timeout.Token);
        // Until a probe comes back the subscription may not be in place yet, and a prompt published then would be lost.
        while (!subscribed.Task.IsCompleted)
        {
            using var probe = Start("mosquitto_pub", [.. endpoint, "-m", Probe]);
            await probe.WaitForExitAsync(timeout.Token);
            await Task.WhenAny(subscribed.Task, Task.Delay(100, timeout.Token));
        }

        var clock = Stopwatch.StartNew();
        using var publisher = Start("mosquitto_pub", [.. endpoint, "-l"], redirectInput: true);
        await using (var input = File.OpenRead(payloads))
        {
            await input.CopyToAsync(publisher.StandardInput.BaseStream, timeout.Token);
        }

        publisher.StandardInput.Close();
        await received;
        var seconds = clock.Elapsed.TotalSeconds;
        await publisher.WaitForExitAsync(timeout.Token);
        subscriber.Kill();
        await subscriber.WaitForExitAsync(CancellationToken.None);
        return new BaselineResult($"Mosquitto {await VersionAsync()}, mosquitto_pub -l to mosquitto_sub, QoS 1, the same prompts, no persistence", messages / seconds);
    }

    private static async Task CountAsync(Process subscriber, int messages, TaskCompletionSource subscribed, CancellationToken cancellationToken)
    {
        var count = 0;
        while (count < messages && await subscriber.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line == Probe)
            {
                subscribed.TrySetResult();
            }
            else
            {
                count++;
            }
        }

        if (count < messages)
        {
            throw new InvalidOperationException($"mosquitto_sub stopped after {count} of {messages} messages.");
        }
    }

    private static Process Start(string program, string[] arguments, bool redirectInput = false) =>
        Process.Start(new ProcessStartInfo(program, arguments)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardInput = redirectInput,
        }) ?? throw new InvalidOperationException($"Could not start {program}.");

    private static async Task<string> VersionAsync()
    {
        using var mosquitto = Process.Start(new ProcessStartInfo("mosquitto", ["-h"]) { UseShellExecute = false, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("Could not start mosquitto.");
        var first = await mosquitto.StandardOutput.ReadLineAsync() ?? "";
        await mosquitto.WaitForExitAsync();
        return first.Split(' ').LastOrDefault() ?? "";
    }
}

internal sealed record BaselineResult(string Name, double MessagesPerSecond);
