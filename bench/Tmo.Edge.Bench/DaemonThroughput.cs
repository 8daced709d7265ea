using System.Diagnostics;
using System.Globalization;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Replay;
using Tmo.Edge.TestSupport.Mqtt;

namespace Tmo.Edge.Bench;

/// <summary>
/// End to end through MQTT: `tmo-edge run` as a child process (embedded broker, replay runner at infinite speed, so
/// the runner adds nothing), prompts answered one at a time per dialogue with 1 and 32 dialogues in flight.
/// Client round trips measure what the daemon and the loopback broker add together; the daemon's own added latency
/// (arrival to the broker's acknowledgement of the response, less runner time) comes from its metrics histogram,
/// scraped before and after each run. RSS is the daemon process's.
/// </summary>
internal static class DaemonThroughput
{
    /// <summary>How long the daemon is left alone after its client connected before its idle memory is read.</summary>
    private static readonly TimeSpan IdleSettling = TimeSpan.FromSeconds(3);

    /// <summary>Long enough for the 10 ms ticks of /proc's CPU times to read a few ms per second.</summary>
    private static readonly TimeSpan IdleCpuWindow = TimeSpan.FromSeconds(5);

    /// <summary>Warm when compiling takes less than this share of the daemon's CPU over a round of warm-up.</summary>
    private const double QuietJitShare = 0.01;

    private const int MaxWarmUpRounds = 60;

    /// <summary>Between a paced run's prompts: about 40 a second, far below what the daemon can take.</summary>
    private static readonly TimeSpan PacedPause = TimeSpan.FromMilliseconds(20);

    /// <summary>Idle resident memory (the daemon started and its client connected, before any load), then the runs.</summary>
    public static async Task<ThroughputMeasurement> MeasureAsync(BenchSetup setup, string directory, string checkpointPath, int turnsPerRun)
    {
        // The replay logs in as a device account of the daemon's embedded broker, as devices do.
        var passwordFile = Path.Combine(directory, "bench-password");
        await File.WriteAllTextAsync(passwordFile, "bench-password");
        await Tmo.Edge.Daemon.Mqtt.Access.MqttPasswordFile.Empty.With("bench", "bench-password")
            .SaveAsync(Path.Combine(directory, "data", "mqtt-accounts"), CancellationToken.None);
        var port = FreePort.Next();
        var metricsPort = FreePort.Next();
        using var daemon = StartDaemon(directory, checkpointPath, setup.Dataset.Source, port, metricsPort);
        using var http = new HttpClient();
        var metrics = new Uri($"http://127.0.0.1:{metricsPort}/metrics");
        try
        {
            await using var client = new ReplayPublisher(new MqttOptions { Host = "127.0.0.1", Port = port, Username = "bench", PasswordFile = passwordFile }, new TopicLayout("tmo/bench"), TurnPacer.Unpaced, TimeProvider.System);
            await ConnectWhenUpAsync(client);
            await Task.Delay(IdleSettling);
            var rssIdle = Rss(daemon, "VmRSS");
            var warmUp = await WarmUpAsync(client, setup, http, metrics, daemon);
            var results = new List<ThroughputResult>();
            foreach (var concurrency in new[] { 1, 32 })
            {
                var before = await AddedLatencyAsync(http, metrics);
                var jitBefore = await JitSecondsAsync(http, metrics);
                var cpuBefore = CpuSeconds(daemon);
                var result = await RunAsync(client, setup, concurrency, turnsPerRun, $"c{concurrency}");
                var added = (await AddedLatencyAsync(http, metrics, expectedCount: before.Count + turnsPerRun)).Since(before);
                var cpuMsPerPrompt = (CpuSeconds(daemon) - cpuBefore) * 1000 / turnsPerRun;
                results.Add(result with
                {
                    AddedMedianMs = added.Quantile(0.5) * 1000,
                    AddedP99Ms = added.Quantile(0.99) * 1000,
                    DaemonCpuMsPerPrompt = cpuMsPerPrompt,
                    DaemonJitMs = (await JitSecondsAsync(http, metrics) - jitBefore) * 1000,
                    DaemonRssMb = Rss(daemon, "VmRSS"),
                    DaemonPeakRssMb = Rss(daemon, "VmHWM"),
                });
            }

            // Idle once warm (right after the start the runtime is still compiling what the start ran).
            var idleCpuBefore = CpuSeconds(daemon);
            await Task.Delay(IdleCpuWindow);
            var idleCpuMsPerSecond = (CpuSeconds(daemon) - idleCpuBefore) * 1000 / IdleCpuWindow.TotalSeconds;
            var paced = await PacedAsync(client, setup, daemon, idleCpuMsPerSecond);
            return new ThroughputMeasurement(rssIdle, warmUp, results, paced);
        }
        finally
        {
            daemon.Kill(entireProcessTree: true);
            await daemon.WaitForExitAsync();
        }
    }

    /// <summary>
    /// CPU per prompt at a device's pace rather than back to back: one dialogue, a pause after each answer, so the
    /// daemon's threads fall asleep between prompts and every hop wakes one (what the thread pool's spinning costs).
    /// What the idle daemon spends meanwhile (timers, telemetry) is taken out.
    /// </summary>
    private static async Task<PacedRun> PacedAsync(ReplayPublisher client, BenchSetup setup, Process daemon, double idleCpuMsPerSecond)
    {
        const int Prompts = 300;
        var cpuBefore = CpuSeconds(daemon);
        var clock = Stopwatch.StartNew();
        var run = await RunAsync(client, setup, concurrency: 1, Prompts, "paced", PacedPause);
        var cpuMs = ((CpuSeconds(daemon) - cpuBefore) * 1000) - (idleCpuMsPerSecond * clock.Elapsed.TotalSeconds);
        return new PacedRun(run.PromptsPerSecond, cpuMs / Prompts, idleCpuMsPerSecond);
    }

    private static async Task<ThroughputResult> RunAsync(ReplayPublisher client, BenchSetup setup, int concurrency, int turns, string label, TimeSpan pause = default)
    {
        var questions = setup.Dataset.Episodes.SelectMany(e => e.Turns).ToArray();
        var latencies = new double[turns];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, concurrency), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (lane, ct) =>
        {
            var dialogue = 0;
            var turnInDialogue = 0;
            int i;
            while ((i = Interlocked.Increment(ref next)) < turns)
            {
                // Dialogues of 5 turns, so every turn of a dialogue is decided with its own history and budget.
                if (turnInDialogue == 5)
                {
                    dialogue++;
                    turnInDialogue = 0;
                }

                turnInDialogue++;
                var question = questions[i % questions.Length];
                var start = Stopwatch.GetTimestamp();
                await client.AskAsync($"{label}-{lane}-{dialogue}", turnInDialogue, question.Question, question.Task, TimeSpan.FromSeconds(30), ct);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, ct);
                }
            }
        });
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new ThroughputResult(concurrency, turns, turns / seconds, latencies[turns / 2], latencies[(int)(turns * 0.99)]);
    }

    /// <summary>
    /// Steady state, as a daemon that has run for a while: rounds of both shapes of load until the runtime has
    /// stopped re-optimising what they run. Compiling is CPU a daemon spends once: in the first 4,500 prompts it took
    /// 20 to 45 % of the daemon's CPU, and a warm-up of fixed length cannot tell when it is over.
    /// </summary>
    private static async Task<WarmUp> WarmUpAsync(ReplayPublisher client, BenchSetup setup, HttpClient http, Uri metrics, Process daemon)
    {
        var start = Stopwatch.GetTimestamp();
        var prompts = 0;
        for (var round = 1; ; round++)
        {
            var jitBefore = await JitSecondsAsync(http, metrics);
            var cpuBefore = CpuSeconds(daemon);
            await RunAsync(client, setup, concurrency: 32, turns: 1_000, label: $"warm-up-{round}-c32");
            await RunAsync(client, setup, concurrency: 1, turns: 500, label: $"warm-up-{round}-c1");
            prompts += 1_500;
            var jitShare = (await JitSecondsAsync(http, metrics) - jitBefore) / (CpuSeconds(daemon) - cpuBefore);
            Console.Error.WriteLine($"Daemon warm-up, round {round}: the JIT took {jitShare:P1} of the daemon's CPU.");
            if (jitShare < QuietJitShare || round == MaxWarmUpRounds)
            {
                return new WarmUp(prompts, Stopwatch.GetElapsedTime(start).TotalSeconds, jitShare);
            }
        }
    }

    private static async Task<double> JitSecondsAsync(HttpClient http, Uri metrics) =>
        ScrapedCounter.Parse(await http.GetStringAsync(metrics), "tmo_jit_compilation_seconds_total");

    /// <summary>The daemon's added-latency histogram; waits until it holds <paramref name="expectedCount"/> turns.</summary>
    private static async Task<ScrapedHistogram> AddedLatencyAsync(HttpClient http, Uri metrics, double expectedCount = 0)
    {
        for (var attempt = 0; ; attempt++)
        {
            // Observed once the broker acknowledged the response, a moment after the client may already have it.
            var histogram = ScrapedHistogram.Parse(await http.GetStringAsync(metrics), "tmo_daemon_added_latency_seconds");
            if (histogram.Count >= expectedCount || attempt == 100)
            {
                return histogram;
            }

            await Task.Delay(20);
        }
    }

    private static Process StartDaemon(string directory, string checkpoint, string dataset, int port, int metricsPort) =>
        DaemonChildProcess.Start("bench", directory, checkpoint, dataset, metricsPort, new Dictionary<string, string>
        {
            ["Tmo__Mqtt__EmbeddedPort"] = port.ToString(CultureInfo.InvariantCulture),
        });

    private static async Task ConnectWhenUpAsync(ReplayPublisher client)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await client.ConnectAsync(CancellationToken.None);
                return;
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException) when (attempt < 300)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>
    /// CPU time the daemon (and its embedded broker) has used, user and system, from /proc: unlike prompts/s it does
    /// not depend on what else the machine is doing.
    /// </summary>
    private static double CpuSeconds(Process process)
    {
        // Fields after the parenthesised command name; utime and stime are the 14th and 15th, in clock ticks (100 Hz).
        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>Resident memory of the daemon from /proc (MiB).</summary>
    private static double Rss(Process process, string field)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        var kb = line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kb / 1024;
    }
}

internal sealed record ThroughputResult(int Concurrency, int Turns, double PromptsPerSecond, double MedianMs, double P99Ms)
{
    public double AddedMedianMs { get; init; }

    public double AddedP99Ms { get; init; }

    public double DaemonCpuMsPerPrompt { get; init; }

    /// <summary>Of the daemon's CPU in the run, what its JIT spent compiling (ms): near zero once warm.</summary>
    public double DaemonJitMs { get; init; }

    public double DaemonRssMb { get; init; }

    public double DaemonPeakRssMb { get; init; }
}

/// <summary>How much load it took for the daemon's compiling to settle, and its share of CPU in the last round.</summary>
internal sealed record WarmUp(int Prompts, double Seconds, double LastJitShare);

/// <summary>A paced run: the pace it reached and the daemon's CPU per prompt at it.</summary>
/// <param name="IdleCpuMsPerSecond">The daemon's CPU with nothing to do (ms per second), taken out of the paced run's.</param>
internal sealed record PacedRun(double PromptsPerSecond, double CpuMsPerPrompt, double IdleCpuMsPerSecond);

/// <summary>Everything the throughput part measured on one daemon.</summary>
internal sealed record ThroughputMeasurement(double RssIdleMiB, WarmUp WarmUp, IReadOnlyList<ThroughputResult> Runs, PacedRun Paced);
