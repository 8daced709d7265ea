using System.Globalization;
using Prometheus;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Mqtt;
using Tmo.Edge.Data.Connecting;
using Tmo.Edge.Data.Journal;

namespace Tmo.Edge.Daemon.Metrics;

/// <summary>
/// The daemon's Prometheus metrics, in a registry of its own (so several daemons in one test process do not mix).
/// Names follow Prometheus conventions: base units, _total for counters. MQTT traffic is read from the transport's
/// own counters, and storage health from the journal's, at scrape time rather than counted a second time.
/// </summary>
public sealed class DaemonMetrics
{
    private readonly Counter _decisions;
    private readonly Histogram _decisionTime;
    private readonly Histogram _addedLatency;
    private readonly Gauge _dailyCloudRemaining;
    private readonly Counter _rejected;
    private readonly Counter _feedback;
    private readonly Counter _runnerFailures;
    private readonly Gauge _powerW;
    private readonly Gauge _temperatureC;
    private readonly Gauge _gpuLoad;
    private readonly Gauge _memoryAvailable;
    private readonly Gauge _localMasked;
    private readonly Counter _judgeSamples;
    private readonly Gauge _judgeSpentToday;
    private readonly Counter _shadowAnswers;
    private readonly Counter _learningRounds;

    public DaemonMetrics(MqttTrafficCounters traffic, TurnJournal journal)
    {
        ArgumentNullException.ThrowIfNull(traffic);
        ArgumentNullException.ThrowIfNull(journal);
        Registry = Prometheus.Metrics.NewCustomRegistry();
        // The runtime's own figures (GC heap, collections, working set, handles, threads) for watching leaks in the field.
        DotNetStats.Register(Registry);
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _decisions = factory.CreateCounter("tmo_decisions_total", "Turns decided, by where they ran.", "location", "action");
        _decisionTime = factory.CreateHistogram(
            "tmo_decision_seconds",
            "Observation, quotes, policy and shield for one turn.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.00001, 2, 16) });
        // Buckets 25 % apart from 50 us to about 2 s, fine enough to read a p99 from.
        _addedLatency = factory.CreateHistogram(
            "tmo_daemon_added_latency_seconds",
            "From a prompt's arrival to its response acknowledged by the broker, less the runner's time: queueing, " +
            "recording, deciding and publishing.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.00005, 1.25, 48) });
        _dailyCloudRemaining = factory.CreateGauge("tmo_daily_cloud_budget_remaining_usd", "Cloud spend left today under the daily cap.");
        _rejected = factory.CreateCounter("tmo_mqtt_rejected_total", "Inbound messages rejected (answered on the error topic).");
        _feedback = factory.CreateCounter(
            "tmo_feedback_total", "Ratings of answers from in/feedback: stored, or refused (not the account's dialogue, or no answer to rate).", "result");
        _runnerFailures = factory.CreateCounter("tmo_runner_failures_total", "Runner calls that failed.", "runner");
        _powerW = factory.CreateGauge("tmo_telemetry_power_watts", "Measured board power (NaN where the source has no power monitor).");
        _temperatureC = factory.CreateGauge("tmo_telemetry_temperature_celsius", "Temperature per thermal zone or sensor.", "zone");
        _gpuLoad = factory.CreateGauge("tmo_telemetry_gpu_load_ratio", "GPU load, 0 to 1 (NaN where unknown).");
        _memoryAvailable = factory.CreateGauge("tmo_telemetry_memory_available_bytes", "Memory available to the local model (NaN where unknown).");
        _localMasked = factory.CreateGauge("tmo_local_llm_masked", "1 while telemetry makes the local LLM infeasible (thermal, memory or power).");
        _judgeSamples = factory.CreateCounter("tmo_judge_samples_total", "Answered turns sampled for the judge, by how they ended (rated or why dropped).", "result");
        _judgeSpentToday = factory.CreateGauge("tmo_judge_spent_today_usd", "What the judge's calls were charged today (their most possible cost), under the judge's own daily cap.");
        _shadowAnswers = factory.CreateCounter(
            "tmo_shadow_answers_total", "Judged turns drawn for a shadow answer from the other side, by how they ended (stored or why dropped).", "result");
        _learningRounds = factory.CreateCounter("tmo_learning_rounds_total", "Rounds of learning on the device, by how they ended (promoted, held or failed).", "result");
        var received = factory.CreateCounter("tmo_mqtt_received_total", "Inbound MQTT messages (a redelivery counts again).");
        var published = factory.CreateCounter("tmo_mqtt_published_total", "MQTT messages the broker acknowledged, status included.");
        var publishFailures = factory.CreateCounter("tmo_mqtt_publish_failures_total", "Publishes that failed (answers are retried from the journal).");
        var reconnects = factory.CreateCounter("tmo_mqtt_reconnects_total", "Broker connections after the first.");
        var connected = factory.CreateGauge("tmo_mqtt_connected", "1 while connected, subscribed and online.");
        var storageHealthy = factory.CreateGauge("tmo_storage_healthy", "1 while the journal's writes commit; 0 from a failed write (disk full, file locked) until one commits.");
        var storageFailures = factory.CreateCounter("tmo_storage_failed_writes_total", "Journal write batches the database refused (their prompts stay with the broker).");
        // Resident memory split by owner: the GC's committed heap and SQLite's native allocations (the rest is code,
        // stacks and other native memory), so growth in the field can be traced to one of them.
        var gcCommitted = factory.CreateGauge("tmo_gc_committed_bytes", "Memory the .NET GC has committed for its heap (live objects, free space and budget).");
        var sqliteMemory = factory.CreateGauge("tmo_sqlite_memory_bytes", "Memory SQLite's allocator holds (page caches, statements, schema).");
        // The runtime compiles code long after start (tiering re-optimises what runs often, in a thread of its own):
        // CPU it spends once, which tells a warming daemon from a busy one.
        var jitMethods = factory.CreateCounter("tmo_jit_compiled_methods_total", "Methods the runtime's JIT has compiled, re-optimisations included.");
        var jitSeconds = factory.CreateCounter("tmo_jit_compilation_seconds_total", "Time the runtime's JIT has spent compiling, summed over its threads.");
        Registry.AddBeforeCollectCallback(() =>
        {
            received.IncTo(traffic.Received);
            published.IncTo(traffic.Published);
            publishFailures.IncTo(traffic.PublishFailures);
            reconnects.IncTo(traffic.Reconnects);
            connected.Set(traffic.IsConnected ? 1 : 0);
            storageHealthy.Set(journal.Health.IsHealthy ? 1 : 0);
            storageFailures.IncTo(journal.Health.FailedBatches);
            gcCommitted.Set(GC.GetGCMemoryInfo().TotalCommittedBytes);
            sqliteMemory.Set(SqliteMemory.UsedBytes);
            jitMethods.IncTo(System.Runtime.JitInfo.GetCompiledMethodCount());
            jitSeconds.IncTo(System.Runtime.JitInfo.GetCompilationTime().TotalSeconds);
        });
    }

    public CollectorRegistry Registry { get; }

    /// <param name="location">Where the action ran; null (labelled "none") for a refusal.</param>
    public void Decided(RunnerLocation? location, int action, TimeSpan decisionTime)
    {
        _decisions.WithLabels(RunnerLocations.ToText(location), action.ToString(CultureInfo.InvariantCulture)).Inc();
        _decisionTime.Observe(decisionTime.TotalSeconds);
    }

    /// <summary>A live turn's response went out; <paramref name="addedLatency"/> leaves the runner's time out.</summary>
    public void Answered(TimeSpan addedLatency) => _addedLatency.Observe(Math.Max(0, addedLatency.TotalSeconds));

    public void Rejected() => _rejected.Inc();

    /// <summary>An `in/feedback` rating was stored with its turn (<paramref name="stored"/>) or refused.</summary>
    public void Feedback(bool stored) => _feedback.WithLabels(stored ? "stored" : "refused").Inc();

    public void RunnerFailed(RunnerLocation runner) => _runnerFailures.WithLabels(RunnerLocations.ToText(runner)).Inc();

    public void DailyCloudRemaining(double usd) => _dailyCloudRemaining.Set(usd);

    /// <param name="result">rated, dropped_cap, dropped_parse, dropped_error, dropped_circuit or dropped_queue.</param>
    public void JudgeSample(string result) => _judgeSamples.WithLabels(result).Inc();

    public void JudgeSpentToday(double usd) => _judgeSpentToday.Set(usd);

    /// <param name="result">stored, dropped_queue, dropped_stale, dropped_cap, dropped_unavailable, dropped_parse or dropped_error.</param>
    public void ShadowAnswer(string result) => _shadowAnswers.WithLabels(result).Inc();

    /// <param name="result">promoted, held or failed.</param>
    public void LearningRound(string result) => _learningRounds.WithLabels(result).Inc();

    public void Telemetry(Core.Telemetry.TelemetrySample sample, bool localMasked)
    {
        ArgumentNullException.ThrowIfNull(sample);
        _powerW.Set(sample.PowerW ?? double.NaN);
        _gpuLoad.Set(sample.GpuLoadPercent / 100 ?? double.NaN);
        _memoryAvailable.Set(sample.MemoryAvailableMB * 1024 * 1024 ?? double.NaN);
        _localMasked.Set(localMasked ? 1 : 0);
        foreach (var (zone, celsius) in sample.TemperaturesC)
        {
            _temperatureC.WithLabels(zone).Set(celsius);
        }
    }
}
