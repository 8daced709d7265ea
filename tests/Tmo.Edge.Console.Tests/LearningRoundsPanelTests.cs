using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Tmo.Edge.Console.Components.Live;
using Tmo.Edge.Console.Live;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Policies;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Console.Tests;

/// <summary>The Policy page's retraining rounds: what the learning waits for, the reward per version as a chart, each round's verdict and reason.</summary>
public sealed class LearningRoundsPanelTests
{
    [Fact]
    public async Task Each_round_is_listed_newest_first_with_its_verdict_and_reason_and_the_rewards_are_charted()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var store = Store(database);
        await store.RecordAsync(Round(1, "v1", "v2", 0.51, 0.50, promoted: false, "device reward 0.500 is not 0.010 above the champion's 0.510"), CancellationToken.None);
        await store.RecordAsync(Round(2, "v1", "v3", 0.52, 0.61, promoted: true, "device reward 0.610 > 0.520; dataset reward 0.700 vs 0.700; 0 violations"), CancellationToken.None);
        var learning = new LearningHealth("waiting_for_idle", "a turn is in flight", 120);
        await using var ctx = NewContext(database, Health(learning));

        var cut = ctx.Render<LearningRoundsPanel>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=learning-rounds] tbody tr").Count), TimeSpan.FromSeconds(10));
        Assert.Equal("waiting for idle: a turn is in flight (120 rated turns in the journal)", cut.Find("[data-testid=learning-state]").TextContent.Trim());
        var rows = cut.FindAll("[data-testid=learning-rounds] tbody tr");
        Assert.Equal("learning-round-2", rows[0].GetAttribute("data-testid"));
        var latest = rows[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray();
        Assert.Equal(["v1", "v3 (RC-A2C)", "0.520 → 0.610", "0.700 → 0.700", "promoted"], latest[2..7]);
        Assert.StartsWith("device reward 0.610 > 0.520", latest[7], StringComparison.Ordinal);
        Assert.Equal("held", rows[1].QuerySelectorAll("td")[6].TextContent.Trim());
        Assert.Equal(2, cut.FindAll(".chart-line").Count);
        Assert.Contains("version in force 0.52", cut.Find(".chart").GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Before_any_round_the_panel_says_what_the_learning_waits_for_and_shows_no_table()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        await using var ctx = NewContext(database, Health(new LearningHealth("waiting_for_rated_turns", "31 more rated turns (9 rated, 0 used by the last round)", 9)));

        var cut = ctx.Render<LearningRoundsPanel>();

        Assert.StartsWith("waiting for rated turns: 31 more rated turns", cut.Find("[data-testid=learning-state]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=learning-rounds]"));
        Assert.Contains("The chart starts at the second retraining round.", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_daemon_that_reports_no_learning_is_named_as_such()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        await using var ctx = NewContext(database, Health(learning: null));

        var cut = ctx.Render<LearningRoundsPanel>();

        Assert.Equal("not reported by this daemon", cut.Find("[data-testid=learning-state]").TextContent.Trim());
    }

    private static PolicyRoundRecord Round(int number, string champion, string challenger, double championReward, double challengerReward, bool promoted, string reason) => new()
    {
        Round = number,
        ChampionVersion = champion,
        ChallengerVersion = challenger,
        ChallengerMethod = "RC-A2C",
        ChampionDeviceReward = championReward,
        ChallengerDeviceReward = challengerReward,
        ChampionDatasetReward = 0.7,
        ChallengerDatasetReward = 0.7,
        Promoted = promoted,
        Reason = reason,
        RatedTurns = 40 * number,
        HeldOutDialogues = 8,
    };

    private static PolicyRoundStore Store(ConsoleDatabase database) =>
        new(database.Services.GetRequiredService<IDbContextFactory<TmoEdgeDbContext>>(), database.Time);

    private static DaemonHealth Health(LearningHealth? learning) =>
        new(DateTimeOffset.UnixEpoch, DecisionLoopHealthy: true, MqttConnected: true, new RunnerHealth(true), new RunnerHealth(true), "v1", Learning: learning);

    private static BunitContext NewContext(ConsoleDatabase database, DaemonHealth health)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        var state = new LiveState();
        state.SetHealth(health, database.Time.GetUtcNow());
        ctx.Services.AddSingleton(state);
        ctx.Services.AddSingleton<TimeProvider>(database.Time);
        ctx.Services.AddSingleton(Store(database));
        ctx.Renderer.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        return ctx;
    }
}
