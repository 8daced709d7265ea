using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Learning;
using Tmo.Edge.Daemon.Policies;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Policies;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Data.Settings;

namespace Tmo.Edge.Daemon.Tests.Learning;

/// <summary>
/// Rounds of learning on a real daemon (its SQLite file, version store and activation path) with the small RC-A2C
/// checkpoint as champion and 40 rated device dialogues; a few hundred training steps keep each round to seconds.
/// </summary>
public sealed class ChampionChallengerRoundTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        // The tests run rounds themselves; the service's own timer stays out of the way.
        ["Tmo:Learning:Enabled"] = "false",
        ["Tmo:Learning:RetrainAfterRatedTurns"] = "20",
        ["Tmo:Learning:MinHeldOutDialogues"] = "2",
        ["Tmo:Learning:Steps"] = "300",
        ["Tmo:Learning:IdleSeconds"] = "0",
    };

    [Fact]
    public async Task A_challenger_short_of_the_required_gain_is_not_promoted_saved_or_audited_and_its_row_says_why()
    {
        await using var daemon = await StartWithRatedTurnsAsync();
        var champion = daemon.Services.GetRequiredService<PolicyInForce>().Current.Version;

        var round = await RunRoundAsync(daemon, new LearningOptions { Steps = 300, MinHeldOutDialogues = 2, MinDeviceGain = 10 });

        Assert.False(round.Promoted);
        Assert.Contains("is not 10.000 above the champion's", round.Reason, StringComparison.Ordinal);
        Assert.Equal(champion, round.ChampionVersion);
        Assert.Equal(champion, daemon.Services.GetRequiredService<PolicyInForce>().Current.Version);
        Assert.False(File.Exists(Path.Join(daemon.Services.GetRequiredService<RetrainedCheckpoints>().Directory, $"policy-{round.ChallengerVersion}.json")));
        Assert.Null(await daemon.Services.GetRequiredService<PolicyVersionStore>().FindAsync(round.ChallengerVersion, None));
        await using var db = await Contexts(daemon).CreateDbContextAsync();
        var stored = await db.PolicyRounds.SingleAsync();
        Assert.Equal((1, false, round.Reason, round.RatedTurns), (stored.Round, stored.Promoted, stored.Reason, stored.RatedTurns));
        Assert.True(stored.HeldOutDialogues >= 2);
        Assert.False(await db.AuditLog.AnyAsync(a => a.Action == PolicyRoundStore.PromotedAction));
    }

    [Fact]
    public async Task A_round_is_the_same_for_the_same_journal_seed_and_round_number()
    {
        await using var daemon = await StartWithRatedTurnsAsync();
        var options = new LearningOptions { Steps = 300, MinHeldOutDialogues = 2, MinDeviceGain = 10 };

        var first = await RunRoundAsync(daemon, options);
        await using (var db = await Contexts(daemon).CreateDbContextAsync())
        {
            await db.PolicyRounds.ExecuteDeleteAsync();
        }

        var again = await RunRoundAsync(daemon, options);

        Assert.Equal(
            (first.Round, first.ChallengerVersion, first.ChallengerDeviceReward, first.ChampionDeviceReward, first.ChallengerDatasetReward),
            (again.Round, again.ChallengerVersion, again.ChallengerDeviceReward, again.ChampionDeviceReward, again.ChallengerDatasetReward));
    }

    [Fact]
    public async Task A_promoted_challenger_is_saved_put_in_force_recorded_and_audited_and_the_previous_version_can_be_activated_again()
    {
        await using var daemon = await StartWithRatedTurnsAsync();
        var previous = daemon.Services.GetRequiredService<PolicyInForce>().Current.Version;

        // A rule that asks for no gain and allows any dataset loss: what it still refuses is a violation.
        var round = await RunRoundAsync(daemon, new LearningOptions { Steps = 300, MinHeldOutDialogues = 2, MinDeviceGain = -10, DatasetMargin = 10 });

        Assert.True(round.Promoted, round.Reason);
        Assert.Equal(0, round.ChallengerViolations);
        var inForce = daemon.Services.GetRequiredService<PolicyInForce>().Current;
        Assert.Equal(round.ChallengerVersion, inForce.Version);
        var record = await daemon.Services.GetRequiredService<PolicyVersionStore>().FindAsync(round.ChallengerVersion, None);
        Assert.NotNull(record);
        Assert.True(File.Exists(record.CheckpointPath));
        Assert.StartsWith(daemon.Services.GetRequiredService<RetrainedCheckpoints>().Directory, record.CheckpointPath, StringComparison.Ordinal);
        Assert.Equal(record.CheckpointPath, await daemon.Services.GetRequiredService<SettingsStore>().GetAsync(SettingKeys.ActivePolicyCheckpoint, None));
        await using (var db = await Contexts(daemon).CreateDbContextAsync())
        {
            var audit = await db.AuditLog.SingleAsync(a => a.Action == PolicyRoundStore.PromotedAction);
            Assert.Equal(PolicyRoundStore.Actor, audit.Actor);
            Assert.Contains($"{round.ChallengerVersion} (RC-A2C) replaces {previous}", audit.Detail, StringComparison.Ordinal);
            Assert.True((await db.PolicyRounds.SingleAsync()).Promoted);
        }

        var handler = daemon.Services.GetRequiredService<PolicyCommandHandler>();
        await handler.AcceptAsync(new PolicyCommand(PolicyCommand.Activate, previous), None);

        Assert.Equal(previous, daemon.Services.GetRequiredService<PolicyInForce>().Current.Version);
    }

    [Fact]
    public async Task The_service_runs_a_due_round_once_reports_it_in_health_and_metrics_and_then_waits_for_more_rated_turns_across_restarts()
    {
        await using var daemon = await StartWithRatedTurnsAsync(new Dictionary<string, string?> { ["Tmo:Learning:MinDeviceGain"] = "10" });
        var service = daemon.Services.GetRequiredService<LearningService>();

        var ran = await service.CheckAsync(None);
        var after = await service.CheckAsync(None);

        Assert.NotNull(ran);
        Assert.False(ran.Promoted);
        Assert.Null(after);
        var health = daemon.Services.GetRequiredService<LearningStatus>().ToHealth();
        Assert.Equal(LearningState.WaitingForRatedTurns, health.State);
        Assert.Equal((1, false), (health.LastRound!.Round, health.LastRound.Promoted));
        Assert.Equal(ran.RatedTurns, health.RatedTurns);
        var metrics = await MetricsText(daemon);
        Assert.Contains("tmo_learning_rounds_total{result=\"held\"} 1", metrics, StringComparison.Ordinal);

        // After a restart the round is still the latest, and the next is still not due.
        await daemon.RestartAsync();
        Assert.Null(await daemon.Services.GetRequiredService<LearningService>().CheckAsync(None));
        Assert.Equal(1, daemon.Services.GetRequiredService<LearningStatus>().ToHealth().LastRound?.Round);
    }

    [Fact]
    public async Task The_service_runs_no_round_while_a_retraining_holds_the_training_slot()
    {
        await using var daemon = await StartWithRatedTurnsAsync();
        var slot = daemon.Services.GetRequiredService<TrainingSlot>();
        Assert.True(slot.TryTake());

        var ran = await daemon.Services.GetRequiredService<LearningService>().CheckAsync(None);

        Assert.Null(ran);
        Assert.Equal(LearningState.WaitingForTraining, daemon.Services.GetRequiredService<LearningStatus>().State.State);
        await using var db = await Contexts(daemon).CreateDbContextAsync();
        Assert.False(await db.PolicyRounds.AnyAsync());
    }

    private static async Task<DaemonHost> StartWithRatedTurnsAsync(Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>(Settings);
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        var daemon = await DaemonHost.StartAsync(settings);
        await RatedJournal.AddAsync(Contexts(daemon), dialogues: 40, daemon.Time.GetUtcNow());
        return daemon;
    }

    private static async Task<PolicyRoundRecord> RunRoundAsync(DaemonHost daemon, LearningOptions options)
    {
        var current = daemon.Services.GetRequiredService<PolicyInForce>().Current;
        var evidence = await daemon.Services.GetRequiredService<DeviceEvidence>()
            .ReadAsync(current.Scenario.Tasks, current.Scenario.ModalityCount, options.HeldOutShare, None);
        Assert.InRange(evidence.HeldOutDialogues, 2, 38);
        return await daemon.Services.GetRequiredService<ChampionChallengerRound>().RunAsync(evidence, options, None);
    }

    private static async Task<string> MetricsText(DaemonHost daemon)
    {
        using var stream = new MemoryStream();
        await daemon.Services.GetRequiredService<Metrics.DaemonMetrics>().Registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static IDbContextFactory<TmoEdgeDbContext> Contexts(DaemonHost daemon) => daemon.Services.GetRequiredService<IDbContextFactory<TmoEdgeDbContext>>();
}
