using Microsoft.Extensions.Time.Testing;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Daemon.Tests.Settings;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Decisions;

namespace Tmo.Edge.Daemon.Tests.Dialogues;

/// <summary>Live dialogues over a real journal (a SQLite file in a temporary folder) on a fake clock.</summary>
public sealed class DialogueTrackerTests : IAsyncLifetime
{
    private static readonly TaskVocabulary Tasks = new(["Describe", "Query"]);
    private static readonly DialogueBudget Budget = new(LatencyS: 30, UsageUsd: 0.05);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly DialogueLengths _lengths = new([]);
    private SettingsDatabase _database = null!;
    private TurnJournal _journal = null!;
    private DialogueTracker _tracker = null!;

    public async Task InitializeAsync()
    {
        _database = await SettingsDatabase.CreateAsync();
        _journal = _database.Get<TurnJournal>();
        _tracker = new DialogueTracker(_journal, Tasks, _lengths, _time);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_dialogue_not_in_memory_is_rebuilt_from_the_journal_with_its_turns_in_order_and_what_it_spent()
    {
        await AnswerAsync("kitchen-1", "Query", action: 2, latencyS: 1.5, usageUsd: 0.004);
        await AnswerAsync("kitchen-1", "Describe", action: 0, latencyS: 0.5, usageUsd: 0.0001);
        await AnswerAsync("kitchen-1", "Query", action: 4, latencyS: 2, usageUsd: 0.006);

        var dialogue = await _tracker.GetAsync("kitchen-1", None);

        Assert.Equal([2, 0, 4], dialogue.Actions);
        Assert.Equal([Tasks.IdOf("Query"), Tasks.IdOf("Describe"), Tasks.IdOf("Query")], dialogue.TaskIds);
        Assert.Equal((30, 0.05), (dialogue.LatencyBudgetS, dialogue.UsageBudgetUsd));
        Assert.Equal(4, dialogue.SpentLatencyS, 9);
        Assert.Equal(0.0101, dialogue.SpentUsageUsd, 9);
        Assert.Equal(26, dialogue.RemainingLatencyS, 9);
    }

    [Fact]
    public async Task A_turn_still_pending_in_the_journal_is_not_part_of_the_rebuilt_history()
    {
        await AnswerAsync("kitchen-1", "Query", action: 1, latencyS: 1, usageUsd: 0.002);
        await _journal.AcceptAsync(new NewTurn("kitchen-1", null, _time.GetUtcNow(), "and now?", "Query", TaskInferred: false), Budget, None);

        var dialogue = await _tracker.GetAsync("kitchen-1", None);

        Assert.Equal([1], dialogue.Actions);
    }

    [Fact]
    public async Task A_refused_turn_is_kept_in_the_history_as_no_action()
    {
        var refused = await _journal.AcceptAsync(new NewTurn("kitchen-1", null, _time.GetUtcNow(), "hello", "Query", TaskInferred: false), Budget, None);
        await _journal.CompleteAsync(refused.TurnId, new TurnOutcome(TurnStatus.Refused, -1, [], [], [], string.Empty, 0, 0, 0, "rc-a2c-1", "budget exhausted", TimeSpan.Zero), None);

        var dialogue = await _tracker.GetAsync("kitchen-1", None);

        Assert.Equal([-1], dialogue.Actions);
    }

    [Fact]
    public async Task A_dialogue_the_journal_never_accepted_is_an_error()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _tracker.GetAsync("never-seen", None));

        Assert.Contains("'never-seen' has no journal record", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_live_dialogue_is_served_from_memory_with_the_turns_its_lane_recorded_since()
    {
        await AnswerAsync("kitchen-1", "Query", action: 1, latencyS: 1, usageUsd: 0.002);
        var first = await _tracker.GetAsync("kitchen-1", None);
        first.Record(3, Tasks.IdOf("Describe"), 1, 0.003);

        var again = await _tracker.GetAsync("kitchen-1", None);

        Assert.Same(first, again);
        Assert.Equal([1, 3], again.Actions);
        Assert.Equal(1, _tracker.Count);
    }

    [Fact]
    public async Task A_dialogue_idle_since_before_the_cutoff_is_evicted_and_one_used_since_is_kept()
    {
        await AnswerAsync("idle", "Query", action: 0, latencyS: 0.1, usageUsd: 0);
        await AnswerAsync("busy", "Query", action: 0, latencyS: 0.1, usageUsd: 0);
        await _tracker.GetAsync("idle", None);
        await _tracker.GetAsync("busy", None);
        _time.Advance(TimeSpan.FromMinutes(20));
        await _tracker.GetAsync("busy", None);

        var evicted = _tracker.Evict(_time.GetUtcNow() - TimeSpan.FromMinutes(10));

        Assert.Equal(1, evicted);
        Assert.Equal(1, _tracker.Count);
    }

    [Fact]
    public async Task A_dialogue_last_used_exactly_at_the_cutoff_is_kept()
    {
        await AnswerAsync("kitchen-1", "Query", action: 0, latencyS: 0.1, usageUsd: 0);
        await _tracker.GetAsync("kitchen-1", None);
        var lastUsed = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(0, _tracker.Evict(lastUsed));
        Assert.Equal(1, _tracker.Evict(lastUsed.AddTicks(1)));
    }

    [Fact]
    public async Task An_evicted_dialogue_teaches_the_shield_its_length()
    {
        await AnswerAsync("kitchen-1", "Query", action: 0, latencyS: 0.1, usageUsd: 0);
        await AnswerAsync("kitchen-1", "Query", action: 1, latencyS: 0.1, usageUsd: 0.002);
        await AnswerAsync("kitchen-1", "Query", action: 0, latencyS: 0.1, usageUsd: 0);
        await _tracker.GetAsync("kitchen-1", None);
        _time.Advance(TimeSpan.FromMinutes(30));

        _tracker.Evict(_time.GetUtcNow());

        Assert.Equal(1, _lengths.Histogram[3]);
        Assert.Equal(1, _lengths.Histogram.Sum());
    }

    [Fact]
    public async Task An_evicted_dialogue_comes_back_from_the_journal_as_it_was()
    {
        await AnswerAsync("kitchen-1", "Query", action: 2, latencyS: 1.5, usageUsd: 0.004);
        await _tracker.GetAsync("kitchen-1", None);
        _time.Advance(TimeSpan.FromMinutes(30));
        _tracker.Evict(_time.GetUtcNow());

        var back = await _tracker.GetAsync("kitchen-1", None);

        Assert.Equal([2], back.Actions);
        Assert.Equal(0.004, back.SpentUsageUsd, 9);
        Assert.Equal(_time.GetUtcNow(), back.LastActivity);
    }

    /// <summary>One turn accepted and answered, as the decision loop journals it.</summary>
    private async Task AnswerAsync(string dialogueId, string task, int action, double latencyS, double usageUsd)
    {
        var accepted = await _journal.AcceptAsync(new NewTurn(dialogueId, null, _time.GetUtcNow(), "what is this?", task, TaskInferred: false), Budget, None);
        await _journal.CompleteAsync(
            accepted.TurnId,
            new TurnOutcome(TurnStatus.Answered, action, [], [], [], "an answer", latencyS, usageUsd, 0, "rc-a2c-1", null, TimeSpan.Zero),
            None);
    }
}
