using System.Diagnostics;
using System.Globalization;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Policy.Checkpoints;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Training;
using Tmo.Edge.TestSupport.Mqtt;

namespace Tmo.Edge.Bench.Soak;

/// <summary>
/// `make soak`: `tmo-edge run` as a child process on a real Mosquitto, M4A1 replayed at a fixed rate for the whole
/// run, the daemon sampled from /proc and its /metrics every few seconds. Writes soak.csv and soak.md.
/// </summary>
internal static class SoakRun
{
    private const string AddedLatency = "tmo_daemon_added_latency_seconds";
    private const string FullCollections = "dotnet_collection_count_total{generation=\"2\"}";
    private static readonly TimeSpan CollectionTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);

    public static async Task<SoakResult> RunAsync(BenchSetup setup, SoakSettings settings, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("tmo-soak-").FullName;
        var checkpoint = PolicyTraining.Train(setup.Dataset, setup.Workspace, MethodSpec.Named("RC-A2C"), new TrainingSetup(Steps: 5_000), EvaluationBudgets.Default, TimeProvider.System, progress: null, cancellationToken);
        var checkpointPath = Path.Combine(directory, "policy.json");
        await CheckpointCodec.SaveAsync(checkpoint, checkpointPath, cancellationToken);
        var metricsPort = FreePort.Next();
        // The soak's broker, not what it measures: no persistence, room for the queue a slow daemon would leave.
        await using var broker = await Mosquitto.StartNewAsync(
            new MosquittoSettings { ExtraConfiguration = "max_queued_messages 100000\nset_tcp_nodelay true" }, cancellationToken);
        using var daemon = StartDaemon(directory, checkpointPath, setup.Dataset.Source, broker.Port, metricsPort, settings);
        using var http = new HttpClient();
        var metrics = new Uri($"http://127.0.0.1:{metricsPort}/metrics");
        try
        {
            await using var stream = new PromptStream(new MqttOptions { Host = "127.0.0.1", Port = broker.Port }, new TopicLayout("tmo/soak"));
            await stream.ConnectAsync(cancellationToken);
            await stream.WaitForDaemonAsync(TimeSpan.FromMinutes(2), cancellationToken);

            var samples = new List<SoakSample>();
            var snapshots = new List<(double ElapsedS, ScrapedHistogram Histogram)>();
            var clock = Stopwatch.StartNew();
            using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sampling = SampleAsync(daemon.Id, http, metrics, stream, settings, clock, samples, snapshots, stopSampling.Token);
            await stream.PlayAsync(setup.Dataset, settings.PromptsPerSecond, settings.Duration, cancellationToken);
            var playedS = clock.Elapsed.TotalSeconds;
            await stream.DrainAsync(DrainTimeout, cancellationToken);
            await stopSampling.CancelAsync();
            await sampling;

            return new SoakResult(settings, samples, snapshots.Where(s => s.ElapsedS <= playedS + settings.SampleInterval.TotalSeconds).ToList(), playedS)
            {
                Sent = stream.Sent,
                Answered = stream.Sent - stream.Unanswered,
                Duplicates = stream.Duplicates,
                PublishFailures = stream.PublishFailures,
                DaemonExited = daemon.HasExited,
            };
        }
        finally
        {
            if (!daemon.HasExited)
            {
                daemon.Kill(entireProcessTree: true);
                await daemon.WaitForExitAsync(CancellationToken.None);
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task SampleAsync(
        int pid,
        HttpClient http,
        Uri metrics,
        PromptStream stream,
        SoakSettings settings,
        Stopwatch clock,
        List<SoakSample> samples,
        List<(double ElapsedS, ScrapedHistogram Histogram)> snapshots,
        CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(settings.SampleInterval);
        ScrapedHistogram? previous = null;
        var nextCollection = settings.Window;
        try
        {
            do
            {
                // Once a window, the heap's reachable size: a full GC first, then this sample reads what is left.
                var collected = clock.Elapsed >= nextCollection && await CollectAsync(pid, http, metrics, cancellationToken);
                if (collected)
                {
                    nextCollection += settings.Window;
                }

                var elapsed = clock.Elapsed.TotalSeconds;
                var process = ProcessSample.Read(pid);
                var text = await http.GetStringAsync(metrics, CancellationToken.None);
                var histogram = ScrapedHistogram.Parse(text, AddedLatency);
                var window = previous is null ? histogram : histogram.Since(previous);
                var gcHeapMiB = Gauge(text, "dotnet_total_memory_bytes") / (1024 * 1024);
                samples.Add(new SoakSample(
                    elapsed,
                    process,
                    gcHeapMiB,
                    collected ? gcHeapMiB : double.NaN,
                    Gauge(text, "tmo_gc_committed_bytes") / (1024 * 1024),
                    Gauge(text, "tmo_sqlite_memory_bytes") / (1024 * 1024),
                    stream.Sent,
                    stream.Responses,
                    window.Count > 0 ? window.Quantile(0.99) * 1000 : double.NaN,
                    window.Count));
                snapshots.Add((elapsed, histogram));
                previous = histogram;
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run is over.
        }
    }

    /// <summary>Induces a full GC in the daemon and waits until its metrics count it; false if they never do.</summary>
    private static async Task<bool> CollectAsync(int pid, HttpClient http, Uri metrics, CancellationToken cancellationToken)
    {
        var before = Gauge(await http.GetStringAsync(metrics, cancellationToken), FullCollections);
        await InducedGc.CollectAsync(pid, cancellationToken);
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < CollectionTimeout)
        {
            if (Gauge(await http.GetStringAsync(metrics, cancellationToken), FullCollections) > before)
            {
                return true;
            }

            await Task.Delay(50, cancellationToken);
        }

        return false;
    }

    /// <summary>A gauge's value on a /metrics page (NaN when the page has none).</summary>
    private static double Gauge(string metricsText, string name)
    {
        var line = metricsText.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line[(name.Length + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static Process StartDaemon(string directory, string checkpoint, string dataset, int brokerPort, int metricsPort, SoakSettings settings) =>
        DaemonChildProcess.Start("soak", directory, checkpoint, dataset, metricsPort, new Dictionary<string, string>
        {
            ["Tmo__Mqtt__Host"] = "127.0.0.1",
            ["Tmo__Mqtt__Port"] = brokerPort.ToString(CultureInfo.InvariantCulture),
            ["Tmo__Budgets__DialogueIdleTimeout"] = settings.DialogueIdleTimeout.ToString("c", CultureInfo.InvariantCulture),
            // This machine's own sensors must not decide what runs during a soak.
            ["Tmo__Telemetry__Enabled"] = "false",
        });
}
