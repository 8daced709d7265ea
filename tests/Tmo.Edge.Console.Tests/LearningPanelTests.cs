using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Tmo.Edge.Console.Components.Live;
using Tmo.Edge.Console.History;
using Tmo.Edge.Console.Live;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Console.Tests;

/// <summary>The Policy page's "Learning from this device": the judge from the daemon's `health`, the ratings from SQLite.</summary>
public sealed class LearningPanelTests
{
    [Fact]
    public async Task A_running_judge_shows_its_spend_against_its_cap_the_turns_it_judged_and_each_drop_reason_in_plain_words()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var judge = new JudgeHealth(On: true, Off: null, SpentTodayUsd: 0.12, DailyCapUsd: 0.5, Judged: 41,
            new Dictionary<string, long> { ["dropped_cap"] = 3, ["dropped_parse"] = 2, ["dropped_queue"] = 1, ["dropped_budget_gone"] = 4 });
        await using var ctx = NewContext(database, Health(judge));

        var cut = ctx.Render<LearningPanel>();

        Assert.Equal("on", Text(cut, "judge-status"));
        Assert.Equal("0.12 of 0.5 USD today", Text(cut, "judge-spend"));
        var bar = cut.Find("[data-testid=judge-spend-bar]").GetAttribute("aria-valuenow");
        Assert.Equal(24, double.Parse(bar!, System.Globalization.CultureInfo.InvariantCulture), precision: 6);
        Assert.Equal("41", Text(cut, "judge-judged"));
        Assert.Equal("the judge's daily cap could not pay for the call|3", Cells(cut, "judge-dropped-cap"));
        Assert.Equal("the judge's reply held no score|2", Cells(cut, "judge-dropped-parse"));
        Assert.Equal("the call failed or could not be stored|0", Cells(cut, "judge-dropped-error"));
        Assert.Equal("the cloud circuit was open|0", Cells(cut, "judge-dropped-circuit"));
        Assert.Equal("the judge's queue was full|1", Cells(cut, "judge-dropped-queue"));
        // A reason only a newer daemon knows is still listed, in its own words.
        Assert.Equal("budget gone|4", Cells(cut, "judge-dropped-budget-gone"));
    }

    [Fact]
    public async Task A_judge_that_is_off_says_why()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var judge = new JudgeHealth(On: false, Off: "the cloud LLM has no API key", 0, 0.5, 0, new Dictionary<string, long>());
        await using var ctx = NewContext(database, Health(judge));

        var cut = ctx.Render<LearningPanel>();

        Assert.Equal("off: the cloud LLM has no API key", Text(cut, "judge-status"));
    }

    [Fact]
    public async Task A_daemon_that_reports_no_judge_is_named_as_such()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        await using var ctx = NewContext(database, Health(judge: null));

        var cut = ctx.Render<LearningPanel>();

        Assert.Equal("not reported by this daemon", Text(cut, "judge-status"));
        Assert.Empty(cut.FindAll("[data-testid=judge-spend]"));
    }

    [Fact]
    public async Task Rated_turns_are_counted_and_averaged_over_the_last_day_and_all_time()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var now = database.Time.GetUtcNow();
        await SeedAsync(database, (now.AddDays(-3), 0.2), (now.AddHours(-25), null), (now.AddHours(-2), 0.9), (now.AddMinutes(-5), 0.6), (now.AddMinutes(-1), null));
        await using var ctx = NewContext(database, health: null);

        var cut = ctx.Render<LearningPanel>();

        cut.WaitForAssertion(() => Assert.Equal("answered in the last 24 h|2|0.75", Cells(cut, "ratings-recent")), TimeSpan.FromSeconds(10));
        Assert.Equal("all time|3|0.57", Cells(cut, "ratings-all"));
        Assert.Contains("Rated turns (device feedback and judge)", cut.Find("[data-testid=ratings]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shadow_answers_show_those_stored_in_the_journal_and_since_the_start_those_stored_and_dropped_by_reason()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var now = database.Time.GetUtcNow();
        await SeedAsync(database, (now.AddDays(-3), 0.2), (now.AddHours(-1), 0.9));
        await SeedShadowsAsync(database, (now.AddDays(-2), 0.4), (now.AddMinutes(-30), 0.8));
        var judge = new JudgeHealth(On: true, Off: null, 0.2, 0.5, 7, new Dictionary<string, long>(),
            new ShadowHealth(Stored: 2, new Dictionary<string, long> { ["dropped_stale"] = 3, ["dropped_cap"] = 1, ["dropped_new_reason"] = 2 }));
        await using var ctx = NewContext(database, Health(judge));

        var cut = ctx.Render<LearningPanel>();

        cut.WaitForAssertion(() => Assert.Equal("in the last 24 h|1|", Cells(cut, "shadows-recent")), TimeSpan.FromSeconds(10));
        Assert.Equal("all time|2|0.60", Cells(cut, "shadows-all"));
        Assert.Equal("stored|2", Cells(cut, "shadows-stored"));
        Assert.Equal("dropped: the device was not idle before the shadow went stale|3", Cells(cut, "shadows-dropped-stale"));
        Assert.Equal("dropped: the judge's daily cap could not pay for the call or its rating|1", Cells(cut, "shadows-dropped-cap"));
        Assert.Equal("dropped: the shadow queue was full|0", Cells(cut, "shadows-dropped-queue"));
        Assert.Equal("dropped: new reason|2", Cells(cut, "shadows-dropped-new-reason"));
        // Shadows are not device feedback nor the played turns' ratings: those stay as they were.
        Assert.Equal("all time|2|0.55", Cells(cut, "ratings-all"));
    }

    [Fact]
    public async Task A_daemon_that_reports_no_shadows_shows_the_journals_count_only()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var judge = new JudgeHealth(On: true, Off: null, 0, 0.5, 0, new Dictionary<string, long>());
        await using var ctx = NewContext(database, Health(judge));

        var cut = ctx.Render<LearningPanel>();

        cut.WaitForAssertion(() => Assert.Equal("all time|0|–", Cells(cut, "shadows-all")), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=shadows-dropped]"));
    }

    [Fact]
    public async Task A_journal_without_ratings_shows_none_and_no_mean()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var ratings = new RatingQueries(database.Services.GetRequiredService<IDbContextFactory<TmoEdgeDbContext>>(), database.Time);

        var summary = await ratings.SummaryAsync(CancellationToken.None);

        Assert.Equal(new RatingSummary(0, null, 0, null), summary);
    }

    private static string Text(IRenderedComponent<LearningPanel> cut, string testId) =>
        cut.Find($"[data-testid={testId}]").TextContent.Trim();

    /// <summary>A table row's cells, separated by "|".</summary>
    private static string Cells(IRenderedComponent<LearningPanel> cut, string testId) =>
        string.Join('|', cut.Find($"[data-testid={testId}]").QuerySelectorAll("td").Select(td => td.TextContent.Trim()));

    private static DaemonHealth Health(JudgeHealth? judge) =>
        new(DateTimeOffset.UnixEpoch, DecisionLoopHealthy: true, MqttConnected: true, new RunnerHealth(true), new RunnerHealth(true), "v1", Judge: judge);

    private static BunitContext NewContext(ConsoleDatabase database, DaemonHealth? health)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        var state = new LiveState();
        if (health is not null)
        {
            state.SetHealth(health, database.Time.GetUtcNow());
        }

        ctx.Services.AddSingleton(state);
        ctx.Services.AddSingleton<TimeProvider>(database.Time);
        ctx.Services.AddSingleton(new RatingQueries(database.Services.GetRequiredService<IDbContextFactory<TmoEdgeDbContext>>(), database.Time));
        ctx.Renderer.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        return ctx;
    }

    /// <summary>Shadow answers to the first turn of the seeded dialogue, stored at each time with each score.</summary>
    private static async Task SeedShadowsAsync(ConsoleDatabase database, params (DateTimeOffset CreatedAt, double Score)[] shadows)
    {
        var contexts = database.Services.GetRequiredService<IDbContextFactory<TmoEdgeDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        db.ShadowAnswers.AddRange(shadows.Select(s => new ShadowAnswerRecord
        {
            DialogueId = "kitchen-1",
            Sequence = 1,
            Action = 1,
            Location = Core.Runners.RunnerLocation.Cloud,
            ResponseText = "a shadow answer",
            Score = s.Score,
            CreatedAt = s.CreatedAt,
        }));
        await db.SaveChangesAsync();
    }

    /// <summary>One dialogue with a turn answered at each time, rated with each score (null: not rated).</summary>
    private static async Task SeedAsync(ConsoleDatabase database, params (DateTimeOffset AnsweredAt, double? Score)[] turns)
    {
        var contexts = database.Services.GetRequiredService<IDbContextFactory<TmoEdgeDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        db.Dialogues.Add(new DialogueRecord
        {
            Id = "kitchen-1",
            StartedAt = turns[0].AnsweredAt,
            LastActivityAt = turns[^1].AnsweredAt,
            Turns = turns.Select((t, i) => new TurnRecord
            {
                DialogueId = "kitchen-1",
                Sequence = i + 1,
                ReceivedAt = t.AnsweredAt.AddSeconds(-2),
                AnsweredAt = t.AnsweredAt,
                Prompt = $"prompt {i}",
                Task = "Query",
                Status = TurnStatus.Answered,
                Action = 0,
                ResponseText = $"answer {i}",
                Score = t.Score,
            }).ToList(),
        });
        await db.SaveChangesAsync();
    }
}
