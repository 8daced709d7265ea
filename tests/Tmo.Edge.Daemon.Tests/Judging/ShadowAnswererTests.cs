using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Ingress;
using Tmo.Edge.Daemon.Judging;
using Tmo.Edge.Daemon.Metrics;
using Tmo.Edge.Daemon.Mqtt;
using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Daemon.Tests.Decisions;
using Tmo.Edge.Daemon.Tests.Runners.Cloud;
using Tmo.Edge.Daemon.Tests.Settings;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Policy.Actions;
using Tmo.Edge.Policy.Decisions;

namespace Tmo.Edge.Daemon.Tests.Judging;

/// <summary>
/// Shadow answers on a real SQLite journal, a real judge against a fake chat endpoint and runners that record their
/// calls: the other side answers only once the device is idle, its cost goes to the judge's cap, and the rated answer is
/// stored; nothing reaches the device.
/// </summary>
public sealed class ShadowAnswererTests : IAsyncLifetime
{
    private const string KeyVariable = "TMO_TEST_SHADOW_JUDGE_KEY";
    private const string Prompt = "What is on the table?";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly ActionSpace Actions = new(3);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly QuotedRunner _local = new(RunnerLocation.Local, latencyS: 2, usageUsd: 0.0001);
    private readonly QuotedRunner _cloud = new(RunnerLocation.Cloud, latencyS: 3, usageUsd: 0.01);
    private readonly List<IAsyncDisposable> _started = [];
    private FakeChatEndpoint _judgeEndpoint = null!;
    private SettingsDatabase _database = null!;
    private DecisionLoopHealth _loop = null!;
    private TelemetryState _telemetry = null!;
    private DaemonMetrics _metrics = null!;
    private Func<JudgeStatus> _judgeStatus = null!;

    private TurnJournal Journal => _database.Get<TurnJournal>();

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(KeyVariable, "sk-shadow-test");
        _judgeEndpoint = StartJudgeEndpoint();
        _database = await SettingsDatabase.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var service in Enumerable.Reverse(_started))
        {
            await service.DisposeAsync();
        }

        await _judgeEndpoint.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_local_answer_gets_the_policys_best_cloud_action_as_its_shadow_charged_to_the_judges_cap_rated_and_stored()
    {
        var shadows = await StartAsync();
        await AnswerAsync("d1", action: ActionSpace.LocalAction);
        // Action 3 uploads view 1 (X = 3: [], [0], [1], [2], ...): the cloud action the policy ranked highest.
        float[] probabilities = [0.5f, 0.1f, 0.05f, 0.3f, 0.01f, 0.01f, 0.02f, 0.01f];

        shadows.Offer("d1", 1, "Query", Prompt, "alice", Outcome(ActionSpace.LocalAction, probabilities), Actions);

        await IdleUntilAsync(() => _cloud.Runs.Count == 1);
        await Eventually.HoldsAsync(() => shadows.Status.Stored == 1, "the shadow stored", state: () => Describe(shadows));
        var request = Assert.Single(_cloud.Runs);
        Assert.Equal(("d1", 1, Prompt, "Query"), (request.DialogueId, request.Turn, request.Prompt, request.Task));
        Assert.Equal([1], request.Views);
        Assert.Null(request.Reply);
        Assert.Empty(_local.Runs);
        var stored = Assert.Single(await ShadowsAsync());
        Assert.Equal(("d1", 1, 3, RunnerLocation.Cloud, 0.9), (stored.DialogueId, stored.Sequence, stored.Action, stored.Location, stored.Score));
        Assert.Equal([1], stored.Views);
        Assert.Equal("an answer", stored.ResponseText);
        Assert.Equal(3500, stored.LatencyMs, precision: 6);
        Assert.Equal(0.011, stored.UsageUsd, precision: 9);
        // The judge was asked about the shadow's answer, and the cap paid the cloud call's ceiling and the rating.
        Assert.Contains("an answer", Assert.Single(_judgeEndpoint.Requests).Body.ToJsonString(), StringComparison.Ordinal);
        Assert.InRange(_judgeStatus().SpentTodayUsd, 0.011, 0.02);
        Assert.Contains("tmo_shadow_answers_total{result=\"stored\"} 1", await MetricsTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cloud_answer_gets_a_local_shadow_that_costs_the_cap_only_its_rating()
    {
        var shadows = await StartAsync();
        await AnswerAsync("d1", action: 4);

        shadows.Offer("d1", 1, "Query", Prompt, "alice", Outcome(4, new float[8]), Actions);

        await IdleUntilAsync(() => _local.Runs.Count == 1);
        await Eventually.HoldsAsync(() => shadows.Status.Stored == 1, "the shadow stored", state: () => Describe(shadows));
        Assert.Empty(Assert.Single(_local.Runs).Views);
        Assert.Empty(_cloud.Runs);
        var stored = Assert.Single(await ShadowsAsync());
        Assert.Equal((0, RunnerLocation.Local), (stored.Action, stored.Location));
        Assert.Empty(stored.Views);
        Assert.InRange(_judgeStatus().SpentTodayUsd, 1e-6, 0.005);
    }

    [Fact]
    public async Task The_users_answer_is_out_before_the_shadow_runs()
    {
        var shadows = await StartAsync();
        await AnswerAsync("d1", action: ActionSpace.LocalAction);
        var published = false;
        bool? publishedWhenTheShadowRan = null;
        _cloud.OnRun = () => publishedWhenTheShadowRan = published;

        // As a decision lane does: the turn is in flight from before the offer until after its answer is published.
        _loop.TurnStarted(0);
        shadows.Offer("d1", 1, "Query", Prompt, "alice", Outcome(ActionSpace.LocalAction, new float[8]), Actions);
        for (var second = 0; second < 30; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }

        Assert.Empty(_cloud.Runs);
        published = true;
        _loop.TurnEnded(0);

        await IdleUntilAsync(() => _cloud.Runs.Count == 1);
        Assert.True(publishedWhenTheShadowRan);
        await Eventually.HoldsAsync(() => shadows.Status.Stored == 1, "the shadow stored", state: () => Describe(shadows));
    }

    [Fact]
    public async Task No_local_shadow_while_the_device_is_hot_or_the_local_model_is_masked_and_one_that_never_finds_it_idle_goes_stale()
    {
        var shadows = await StartAsync(options => options.ShadowMaxWaitSeconds = 60);
        await AnswerAsync("d1", action: 4);
        _telemetry.Update(Sample(celsius: 75));

        shadows.Offer("d1", 1, "Query", Prompt, "alice", Outcome(4, new float[8]), Actions);
        await AdvanceAsync(seconds: 20);
        _telemetry.Update(Sample(celsius: 90));
        await AdvanceAsync(seconds: 45);

        await Eventually.HoldsAsync(() => shadows.Status.Dropped["dropped_stale"] == 1, "the shadow stale", state: () => Describe(shadows));
        Assert.Empty(_local.Runs);
        Assert.Empty(await ShadowsAsync());
        Assert.Empty(_judgeEndpoint.Requests);

        // Cool again (below the throttle's hysteresis and the shadow limit): the next shadow runs.
        _telemetry.Update(Sample(celsius: 50));
        shadows.Offer("d1", 1, "Query", Prompt, "alice", Outcome(4, new float[8]), Actions);
        await IdleUntilAsync(() => _local.Runs.Count == 1);
        await Eventually.HoldsAsync(() => shadows.Status.Stored == 1, "the shadow stored", state: () => Describe(shadows));
    }

    [Fact]
    public async Task A_cloud_shadow_the_judges_cap_cannot_cover_is_dropped_and_counted_and_never_called()
    {
        // The cloud call's ceiling (0.011 USD with one view) is more than the whole cap.
        var shadows = await StartAsync(capUsd: 0.005);
        await AnswerAsync("d1", action: ActionSpace.LocalAction);
        float[] probabilities = [0.5f, 0.1f, 0.3f, 0.05f, 0.01f, 0.01f, 0.02f, 0.01f];

        shadows.Offer("d1", 1, "Query", Prompt, "alice", Outcome(ActionSpace.LocalAction, probabilities), Actions);

        await IdleUntilAsync(() => shadows.Status.Dropped["dropped_cap"] == 1);
        Assert.Empty(_cloud.Runs);
        Assert.Empty(_judgeEndpoint.Requests);
        Assert.Equal(0, _judgeStatus().SpentTodayUsd);
        Assert.Empty(await ShadowsAsync());
        Assert.Contains("tmo_shadow_answers_total{result=\"dropped_cap\"} 1", await MetricsTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cloud_shadow_that_fell_back_to_the_local_LLM_is_dropped_not_rated()
    {
        var shadows = await StartAsync(cloud: new FallingBackRunner());
        await AnswerAsync("d1", action: ActionSpace.LocalAction);

        shadows.Offer("d1", 1, "Query", Prompt, "alice", Outcome(ActionSpace.LocalAction, new float[8]), Actions);

        await IdleUntilAsync(() => shadows.Status.Dropped["dropped_error"] == 1);
        Assert.Empty(_judgeEndpoint.Requests);
        Assert.Empty(await ShadowsAsync());
    }

    /// <summary>A judge that rates every answer 9 of 10.</summary>
    private static FakeChatEndpoint StartJudgeEndpoint() => new() { Next = FakeChatEndpoint.Reply.Answer("{\"score\": 9}", 300, 5) };

    [Fact]
    public async Task A_shadow_the_judge_cannot_rate_is_dropped_before_its_call()
    {
        var shadows = await StartAsync(cloudCircuitOpen: "the cloud circuit is open");
        await AnswerAsync("d1", action: 4);

        shadows.Offer("d1", 1, "Query", Prompt, "alice", Outcome(4, new float[8]), Actions);

        await IdleUntilAsync(() => shadows.Status.Dropped["dropped_unavailable"] == 1);
        Assert.Empty(_local.Runs);
        Assert.Empty(_judgeEndpoint.Requests);
    }

    private async Task<ShadowAnswerer> StartAsync(
        Action<JudgeOptions>? configure = null, double capUsd = 0.5, ILlmRunner? cloud = null, string? cloudCircuitOpen = null)
    {
        var options = new JudgeOptions { Share = 1, ShadowShare = 1, DailyCapUsd = capUsd, Seed = 1, ShadowQuietSeconds = 5 };
        configure?.Invoke(options);
        var cloudOptions = new CloudLlmOptions { BaseUrl = _judgeEndpoint.BaseUrl, Model = "judge-model", ApiKeyEnvironmentVariable = KeyVariable };
        _metrics = new DaemonMetrics(new MqttTrafficCounters(), Journal);
        var judge = new TurnJudge(
            Options.Create(options), Options.Create(cloudOptions), Journal, new JudgeSpend(_database.Settings), _metrics, _time, _database.Logger<TurnJudge>(), () => cloudCircuitOpen);
        await StartedAsync(judge);
        _judgeStatus = () => judge.Status;
        _loop = new DecisionLoopHealth(2, _time, TimeSpan.FromMinutes(5));
        _loop.Started();
        _time.Advance(TimeSpan.FromSeconds(options.ShadowQuietSeconds));
        var feasibility = new LocalFeasibility(new TelemetryOptions { ThrottleC = 85 });
        _telemetry = new TelemetryState(feasibility, _time);
        _telemetry.Update(Sample(celsius: 45));
        var runners = new LlmRunners(_local, cloud ?? _cloud);
        var shadows = new ShadowAnswerer(
            Options.Create(options),
            judge,
            () => runners,
            new ShadowIdleRule(Options.Create(options), _loop, _telemetry, feasibility),
            new CameraFrames(),
            new SensorReadings(),
            _database.Get<ShadowAnswerStore>(),
            _metrics,
            _time,
            _database.Logger<ShadowAnswerer>());
        await StartedAsync(shadows);
        return shadows;
    }

    private async Task StartedAsync(Microsoft.Extensions.Hosting.BackgroundService service)
    {
        await service.StartAsync(None);
        _started.Add(new Stopping(service));
    }

    /// <summary>Moves the fake clock a second at a time (the answerer looks at the device each second) until <paramref name="done"/>.</summary>
    private async Task IdleUntilAsync(Func<bool> done)
    {
        for (var second = 0; second < 300 && !done(); second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        Assert.True(done(), Describe(null));
    }

    private async Task AdvanceAsync(int seconds)
    {
        for (var second = 0; second < seconds; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }
    }

    private async Task AnswerAsync(string dialogueId, int action)
    {
        var turn = await Journal.AcceptAsync(new NewTurn(dialogueId, null, Start, Prompt, "Query", TaskInferred: false), new DialogueBudget(30, 0.05), None);
        await Journal.CompleteAsync(turn.TurnId, Outcome(action, new float[8]), None);
    }

    private static TurnOutcome Outcome(int action, float[] probabilities) =>
        new(TurnStatus.Answered, action, Actions.ViewsOf(action).ToArray(), probabilities, [], "the played answer", 1, 0, 0, "rc-a2c-1", null, TimeSpan.Zero);

    private static TelemetrySample Sample(double celsius) => TelemetrySample.Empty("test") with
    {
        TemperaturesC = new Dictionary<string, double> { ["soc0-thermal"] = celsius },
        GpuLoadPercent = 3,
    };

    private async Task<List<ShadowAnswerRecord>> ShadowsAsync()
    {
        await using var db = await _database.Get<IDbContextFactory<TmoEdgeDbContext>>().CreateDbContextAsync();
        return await db.ShadowAnswers.AsNoTracking().OrderBy(s => s.Id).ToListAsync();
    }

    private async Task<string> MetricsTextAsync()
    {
        using var text = new MemoryStream();
        await _metrics.Registry.CollectAndExportAsTextAsync(text);
        return System.Text.Encoding.UTF8.GetString(text.ToArray());
    }

    private string Describe(ShadowAnswerer? shadows) =>
        $"{shadows?.Status} dropped: {string.Join(", ", shadows?.Status.Dropped ?? new Dictionary<string, long>())} local runs {_local.Runs.Count} cloud runs {_cloud.Runs.Count}\n" +
        string.Join("\n", _database.Logs.Entries);

    /// <summary>Stops a started service when the test ends.</summary>
    private sealed class Stopping(Microsoft.Extensions.Hosting.BackgroundService service) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await service.StopAsync(None);
            service.Dispose();
        }
    }

    /// <summary>The cloud runner whose call failed and whose local fallback answered.</summary>
    private sealed class FallingBackRunner : ILlmRunner
    {
        public RunnerLocation Location => RunnerLocation.Cloud;

        public string Name => "cloud";

        public string? Unavailable => null;

        public CostQuote Quote(RunnerRequest request) => new(3, 0.001);

        public Task<RunnerResult> RunAsync(RunnerRequest request, CostQuote ceiling, CancellationToken cancellationToken) =>
            Task.FromResult(new RunnerResult("a local answer", 1, 0, 0, FellBack: true));
    }
}
