using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Tmo.Edge.Daemon.Runners.Local;
using Tmo.Edge.TestSupport.Runners;

namespace Tmo.Edge.Bench;

/// <summary>
/// What the model host's isolation costs: the same tiny GGUF model (the tests' own, written here) answering the same
/// prompt in this process through LLamaSharp, and through `tmo-edge llm-host` over the pipe, with and without
/// streaming every token back. Per-call overhead from 1-token answers, per-token overhead from the slope to 64-token
/// answers; medians of interleaved calls (taking turns to go first), so all paths see the same machine load.
/// </summary>
internal static class LocalRunnerOverhead
{
    private const string Prompt = "Where did I put my dishes? The kitchen camera saw a cup on the table.";
    private const int LongAnswer = 64;

    public static async Task<OverheadResult> MeasureAsync(int calls)
    {
        var directory = Directory.CreateTempSubdirectory("tmo-bench-gguf-").FullName;
        var model = Path.Combine(directory, "tiny.gguf");
        TinyLlamaModel.Write(model);
        var settings = new LlamaModelSettings(model, 1024, 0, 1, 0, 42, null);
        var deadline = TimeSpan.FromSeconds(30);
        try
        {
            using var inProcess = LlamaGenerator.Load(settings, TextWriter.Null);
            await using var host = await LlmHostProcess.StartAsync(LlmHostLaunch.ForThisInstall(), settings, TimeSpan.FromSeconds(60), NullLogger.Instance, CancellationToken.None);
            var samples = new Dictionary<string, List<double>>();
            var rates = new Dictionary<string, List<double>>();
            void Add(string key, double ms, double tokensPerSecond)
            {
                (samples.TryGetValue(key, out var list) ? list : samples[key] = []).Add(ms);
                (rates.TryGetValue(key, out var r) ? r : rates[key] = []).Add(tokensPerSecond);
            }

            for (var i = -3; i < calls; i++)
            {
                foreach (var tokens in new[] { 1, LongAnswer })
                {
                    // The three paths take turns going first, so none always runs right after another's work.
                    var paths = new (string Key, Func<Task<double>> Run)[]
                    {
                        ("in", async () => (await inProcess.GenerateAsync(string.Empty, Prompt, tokens, deadline, null, CancellationToken.None)).TokensPerSecond),
                        ("pipe", async () => (await host.GenerateAsync(string.Empty, Prompt, tokens, deadline, null, TimeSpan.Zero, deadline, CancellationToken.None)).TokensPerSecond),
                        ("stream", async () => (await host.GenerateAsync(string.Empty, Prompt, tokens, deadline, (_, _) => { }, TimeSpan.Zero, deadline, CancellationToken.None)).TokensPerSecond),
                    };
                    for (var p = 0; p < paths.Length; p++)
                    {
                        var (key, run) = paths[(p + i + 3) % paths.Length];
                        var clock = Stopwatch.StartNew();
                        var rate = await run();
                        if (i >= 0)
                        {
                            Add($"{key}-{tokens}", clock.Elapsed.TotalMilliseconds, rate);
                        }
                    }
                }
            }

            double Median(string key) => Percentile(samples[key], 0.5);
            double Rate(string key) => Percentile(rates[key], 0.5);
            double PerToken(string prefix) => (Median($"{prefix}-{LongAnswer}") - Median($"{prefix}-1")) / (LongAnswer - 1);
            return new OverheadResult(
                calls,
                LongAnswer,
                Median("in-1"),
                Median("pipe-1"),
                Median("stream-1"),
                PerToken("in"),
                PerToken("pipe"),
                PerToken("stream"),
                Rate($"in-{LongAnswer}"),
                Rate($"pipe-{LongAnswer}"),
                Rate($"stream-{LongAnswer}"),
                Median($"in-{LongAnswer}"),
                Median($"pipe-{LongAnswer}"),
                Median($"stream-{LongAnswer}"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];
    }
}

/// <summary>Milliseconds per call (1-token answers), per token (slope to the long answers), and decode rates.</summary>
internal sealed record OverheadResult(
    int Calls,
    int LongAnswerTokens,
    double InProcessCallMs,
    double ChildCallMs,
    double ChildStreamingCallMs,
    double InProcessPerTokenMs,
    double ChildPerTokenMs,
    double ChildStreamingPerTokenMs,
    double InProcessTokensPerSecond,
    double ChildTokensPerSecond,
    double ChildStreamingTokensPerSecond,
    double InProcessLongMs,
    double ChildLongMs,
    double ChildStreamingLongMs);
