using Tmo.Edge.Daemon.Learning;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Daemon.Tests.Learning;

/// <summary>A round runs only when enough new rated turns exist and the device is idle and cool.</summary>
public sealed class LearningGateTests
{
    private static readonly LearningOptions Options = new()
    {
        RetrainAfterRatedTurns = 10, MinHeldOutDialogues = 2, IdleSeconds = 120, CoolMarginC = 10, MaxGpuLoadPercent = 30,
    };

    private static readonly DeviceActivity Quiet = new(TrainingRunning: false, IdleFor: TimeSpan.FromMinutes(5), HottestC: 50, GpuLoadPercent: 5, ThermalLimitC: 85);

    [Fact]
    public void A_due_round_on_an_idle_cool_device_may_run()
    {
        Assert.Null(LearningGate.Blocker(Options, Evidence(rated: 12, heldOut: 2), newRatedTurns: 12, Quiet));
    }

    [Fact]
    public void A_device_without_telemetry_is_not_held_back_by_it()
    {
        Assert.Null(LearningGate.Blocker(Options, Evidence(rated: 12, heldOut: 2), newRatedTurns: 12, Quiet with { HottestC = null, GpuLoadPercent = null }));
    }

    [Fact]
    public void No_round_before_enough_new_rated_turns_since_the_last()
    {
        var blocker = LearningGate.Blocker(Options, Evidence(rated: 25, heldOut: 4), newRatedTurns: 9, Quiet);

        Assert.Equal(LearningState.WaitingForRatedTurns, blocker?.State);
        Assert.StartsWith("1 more rated turns", blocker!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void No_round_before_enough_held_out_dialogues_to_judge_on()
    {
        var blocker = LearningGate.Blocker(Options, Evidence(rated: 40, heldOut: 1), newRatedTurns: 40, Quiet);

        Assert.Equal(LearningState.WaitingForRatedTurns, blocker?.State);
        Assert.Contains("held-out", blocker!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void No_round_while_a_turn_is_in_flight_or_the_last_ended_too_recently()
    {
        var evidence = Evidence(rated: 12, heldOut: 2);

        Assert.Equal(LearningState.WaitingForIdle, LearningGate.Blocker(Options, evidence, 12, Quiet with { IdleFor = null })?.State);
        Assert.Equal(LearningState.WaitingForIdle, LearningGate.Blocker(Options, evidence, 12, Quiet with { IdleFor = TimeSpan.FromSeconds(119) })?.State);
        Assert.Null(LearningGate.Blocker(Options, evidence, 12, Quiet with { IdleFor = TimeSpan.FromSeconds(120) }));
    }

    [Fact]
    public void No_round_while_another_training_runs()
    {
        Assert.Equal(LearningState.WaitingForTraining, LearningGate.Blocker(Options, Evidence(12, 2), 12, Quiet with { TrainingRunning = true })?.State);
    }

    [Fact]
    public void No_round_while_the_device_is_within_the_margin_of_its_thermal_limit_or_its_GPU_is_busy()
    {
        var evidence = Evidence(rated: 12, heldOut: 2);

        var hot = LearningGate.Blocker(Options, evidence, 12, Quiet with { HottestC = 75 });
        Assert.Equal((LearningState.WaitingForCool, "75.0 C, cool below 75 C"), (hot?.State, hot?.Detail));
        Assert.Null(LearningGate.Blocker(Options, evidence, 12, Quiet with { HottestC = 74.9 }));
        Assert.Equal(LearningState.WaitingForCool, LearningGate.Blocker(Options, evidence, 12, Quiet with { GpuLoadPercent = 31 })?.State);
    }

    /// <summary>Dialogues of one rated turn each, the first <paramref name="heldOut"/> held out.</summary>
    private static DeviceDialogues Evidence(int rated, int heldOut) => new(
        Enumerable.Range(0, rated).Select(i => new DeviceDialogue($"d{i}", Episode(i), [], HeldOut: i < heldOut, RatedAt: [DateTimeOffset.UnixEpoch.AddMinutes(i)])).ToArray(), Skipped: 0);

    private static DialogueEpisode Episode(int id) =>
        new(id, [], [new DialogueTurn("What is ahead?", "navigation", false, [], "A door.", 0.8, 1.2, 0) { Scored = true }], [new double[3]]);
}
