using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Daemon.Judging;
using Tmo.Edge.Daemon.Metrics;
using Tmo.Edge.Daemon.Mqtt;
using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Daemon.Tests.Runners.Cloud;
using Tmo.Edge.Daemon.Tests.Settings;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Policy.Decisions;

namespace Tmo.Edge.Daemon.Tests.Judging;

public sealed class TurnJudgeTests : IAsyncLifetime
{
    private const string KeyVariable = "TMO_TEST_JUDGE_KEY";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 22, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private FakeChatEndpoint _endpoint = null!;
    private readonly List<TurnJudge> _judges = [];
    private SettingsDatabase _database = null!;
    private DaemonMetrics? _metrics;

    private TurnJournal Journal => _database.Get<TurnJournal>();

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(KeyVariable, "sk-judge-test");
        _endpoint = StartEndpoint();
        _database = await SettingsDatabase.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var judge in _judges)
        {
            await judge.StopAsync(None);
            judge.Dispose();
        }

        await _endpoint.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_sampled_answered_turn_gets_the_judges_rating_over_ten()
    {
        var judge = await StartAsync();
        var outcome = await AnswerAsync("d", "Where are my keys?");

        judge.Offer("d", 1, "scene", "Where are my keys?", outcome);

        await Eventually.HoldsAsync(() => judge.Status.Judged == 1, "the turn rated", state: () => Describe(judge));
        Assert.Equal([0.8], await ScoresAsync());
        var request = Assert.Single(_endpoint.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        var sent = request.Body.ToJsonString();
        Assert.Contains("Where are my keys?", sent, StringComparison.Ordinal);
        Assert.Contains("scene", sent, StringComparison.Ordinal);
        Assert.True(judge.Status.SpentTodayUsd > 0);
        var metrics = await MetricsTextAsync();
        Assert.Contains("tmo_judge_samples_total{result=\"rated\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("tmo_judge_spent_today_usd ", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_judge_reply_is_dropped_and_counted_and_nothing_stored()
    {
        _endpoint.Next = FakeChatEndpoint.Reply.Answer("The answer is fine, I suppose.", 300, 8);
        var judge = await StartAsync();
        var outcome = await AnswerAsync("d", "Where are my keys?");

        judge.Offer("d", 1, "scene", "Where are my keys?", outcome);

        await Eventually.HoldsAsync(() => judge.Status.Dropped["dropped_parse"] == 1, "the reply dropped", state: () => Describe(judge));
        Assert.Equal(0, judge.Status.Judged);
        Assert.Equal([null], await ScoresAsync());
    }

    [Fact]
    public async Task An_http_error_is_dropped_without_a_retry()
    {
        _endpoint.Next = FakeChatEndpoint.Reply.Error(500);
        var judge = await StartAsync(cloud => cloud.MaxRetries = 3);
        var outcome = await AnswerAsync("d", "Where are my keys?");

        judge.Offer("d", 1, "scene", "Where are my keys?", outcome);

        await Eventually.HoldsAsync(() => judge.Status.Dropped["dropped_error"] == 1, "the call dropped", state: () => Describe(judge));
        await Task.Delay(200);
        Assert.Single(_endpoint.Requests);
        Assert.Equal([null], await ScoresAsync());
    }

    [Fact]
    public async Task The_daily_cap_is_never_exceeded_and_the_rest_is_dropped_for_the_cap()
    {
        // Each call's most possible cost is about 0.0007 USD at these prices: the cap pays for four.
        var judge = await StartAsync(cloud => (cloud.InputUsdPerMillionTokens, cloud.OutputUsdPerMillionTokens) = (1, 1), capUsd: 0.003);
        for (var i = 1; i <= 10; i++)
        {
            judge.Offer($"d{i}", 1, "scene", "Where are my keys?", await AnswerAsync($"d{i}", "Where are my keys?"));
        }

        await Eventually.HoldsAsync(() => judge.Status.Judged + judge.Status.Dropped["dropped_cap"] == 10, "all ten judged or dropped", state: () => Describe(judge));
        var status = judge.Status;
        Assert.InRange(status.SpentTodayUsd, 0.0005, 0.003);
        Assert.Equal(4, status.Judged);
        Assert.Equal(status.Judged, _endpoint.Requests.Count);
        Assert.Equal(10 - status.Judged, status.Dropped["dropped_cap"]);
        Assert.Contains("tmo_judge_samples_total{result=\"dropped_cap\"} 6", await MetricsTextAsync(), StringComparison.Ordinal);

        // The next UTC day has a cap of its own.
        _time.Advance(TimeSpan.FromHours(3));
        judge.Offer("next", 1, "scene", "Where are my keys?", await AnswerAsync("next", "Where are my keys?"));
        await Eventually.HoldsAsync(() => judge.Status.Judged == status.Judged + 1, "the next day's turn rated", state: () => Describe(judge));
        Assert.True(judge.Status.SpentTodayUsd < status.SpentTodayUsd);
    }

    [Fact]
    public async Task The_days_spend_survives_a_restart()
    {
        var first = await StartAsync(cloud => (cloud.InputUsdPerMillionTokens, cloud.OutputUsdPerMillionTokens) = (1, 1), capUsd: 0.001);
        first.Offer("d1", 1, "scene", "Where are my keys?", await AnswerAsync("d1", "Where are my keys?"));
        await Eventually.HoldsAsync(() => first.Status.Judged == 1, "the first turn rated", state: () => Describe(first));
        var spent = first.Status.SpentTodayUsd;
        await first.StopAsync(None);

        var second = await StartAsync(cloud => (cloud.InputUsdPerMillionTokens, cloud.OutputUsdPerMillionTokens) = (1, 1), capUsd: 0.001);
        await Eventually.HoldsAsync(() => second.Status.SpentTodayUsd == spent, "the spend restored", state: () => Describe(second));
        second.Offer("d2", 1, "scene", "Where are my keys?", await AnswerAsync("d2", "Where are my keys?"));

        await Eventually.HoldsAsync(() => second.Status.Dropped["dropped_cap"] == 1, "the second turn dropped for the cap", state: () => Describe(second));
        Assert.Single(_endpoint.Requests);
    }

    [Fact]
    public async Task Only_answered_turns_are_offered_and_a_zero_share_samples_none()
    {
        var judge = await StartAsync();
        judge.Offer("d", 1, "scene", "Where are my keys?", Outcome(TurnStatus.Refused, string.Empty));
        var none = await StartAsync(share: 0);
        none.Offer("d", 1, "scene", "Where are my keys?", await AnswerAsync("d", "Where are my keys?"));

        await Task.Delay(200);
        Assert.Empty(_endpoint.Requests);
        Assert.All(judge.Status.Dropped.Values.Concat(none.Status.Dropped.Values), count => Assert.Equal(0, count));
    }

    [Fact]
    public async Task Without_a_cloud_endpoint_the_judge_is_off_and_says_so_once()
    {
        var judge = await StartAsync(cloud => cloud.BaseUrl = null);
        judge.Offer("d", 1, "scene", "Where are my keys?", await AnswerAsync("d", "Where are my keys?"));

        Assert.Contains("BaseUrl is not set", judge.Status.Off, StringComparison.Ordinal);
        Assert.Single(_database.Logs.Entries, e => e.ToString().Contains("The judge is off", StringComparison.Ordinal));
        Assert.Empty(_endpoint.Requests);
    }

    /// <summary>A judge that answers well by default; the tests that need another reply set it.</summary>
    private static FakeChatEndpoint StartEndpoint() => new() { Next = FakeChatEndpoint.Reply.Answer("{\"score\": 8}", 300, 5) };

    private async Task<TurnJudge> StartAsync(Action<CloudLlmOptions>? cloud = null, double capUsd = 0.5, double share = 1)
    {
        var cloudOptions = new CloudLlmOptions { BaseUrl = _endpoint.BaseUrl, Model = "judge-model", ApiKeyEnvironmentVariable = KeyVariable };
        cloud?.Invoke(cloudOptions);
        var judge = new TurnJudge(
            Options.Create(new JudgeOptions { Share = share, DailyCapUsd = capUsd, Seed = 1 }),
            Options.Create(cloudOptions),
            Journal,
            new JudgeSpend(_database.Settings),
            _metrics = new DaemonMetrics(new MqttTrafficCounters(), Journal),
            _time,
            _database.Logger<TurnJudge>(),
            () => null);
        _judges.Add(judge);
        await judge.StartAsync(None);
        return judge;
    }

    private async Task<TurnOutcome> AnswerAsync(string dialogueId, string prompt)
    {
        var outcome = Outcome(TurnStatus.Answered, $"Answer to: {prompt}");
        var turn = await Journal.AcceptAsync(new NewTurn(dialogueId, null, Start, prompt, "scene", TaskInferred: false), new DialogueBudget(30, 0.05), None);
        await Journal.CompleteAsync(turn.TurnId, outcome, None);
        return outcome;
    }

    private static TurnOutcome Outcome(TurnStatus status, string text) =>
        new(status, status == TurnStatus.Answered ? 0 : -1, [], [], [], text, 1, 0, 0, "rc-a2c-1", null, TimeSpan.Zero);

    private async Task<string> MetricsTextAsync()
    {
        using var text = new MemoryStream();
        await _metrics!.Registry.CollectAndExportAsTextAsync(text);
        return System.Text.Encoding.UTF8.GetString(text.ToArray());
    }

    private string Describe(TurnJudge judge) =>
        $"{judge.Status} dropped: {string.Join(", ", judge.Status.Dropped)}\n{string.Join("\n", _database.Logs.Entries)}";

    private async Task<List<double?>> ScoresAsync()
    {
        await using var db = await _database.Get<IDbContextFactory<TmoEdgeDbContext>>().CreateDbContextAsync();
        return await db.Turns.OrderBy(t => t.Id).Select(t => t.Score).ToListAsync();
    }
}
