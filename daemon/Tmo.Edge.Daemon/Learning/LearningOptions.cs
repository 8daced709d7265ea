using System.ComponentModel.DataAnnotations;
using Tmo.Edge.Policy.Adaptation;
using Tmo.Edge.Policy.Evaluation;

namespace Tmo.Edge.Daemon.Learning;

/// <summary>
/// "Tmo:Learning": when the daemon retrains on the journal's rated turns in the background and when the challenger
/// replaces the policy in force (docs/policy.md, "Learning on the device"). The learning defaults are the drift
/// benchmark's (<see cref="ContinualLearningOptions"/>, <see cref="PromotionRule"/>).
/// </summary>
public sealed class LearningOptions
{
    public const string Section = "Tmo:Learning";

    private static readonly ContinualLearningOptions Defaults = new();

    public bool Enabled { get; set; } = true;

    /// <summary>New rated turns since the last round that make a round due.</summary>
    [Range(1, 1_000_000)]
    public int RetrainAfterRatedTurns { get; set; } = Defaults.RetrainAfterRatedTurns;

    /// <summary>How much a device point counts against a dataset point in the k-NN estimator.</summary>
    [Range(0d, 10_000d)]
    public double DeviceWeight { get; set; } = Defaults.DeviceWeight;

    /// <summary>The share of rated dialogues (chosen by their id, so the same ones across restarts) held out to judge challengers on.</summary>
    [Range(0.05d, 0.95d)]
    public double HeldOutShare { get; set; } = Defaults.HeldOutShare;

    /// <summary>Training steps of a round's challenger.</summary>
    [Range(100, 10_000_000)]
    public int Steps { get; set; } = Defaults.Steps;

    /// <summary>How much better on the held-out device dialogues the challenger must be.</summary>
    [Range(0d, 10d)]
    public double MinDeviceGain { get; set; } = Defaults.Rule.MinDeviceGain;

    /// <summary>How much worse on the dataset's test split the challenger may be.</summary>
    [Range(0d, 10d)]
    public double DatasetMargin { get; set; } = Defaults.Rule.DatasetMargin;

    /// <summary>Held-out device dialogues needed before a round is judged at all.</summary>
    [Range(1, 100_000)]
    public int MinHeldOutDialogues { get; set; } = Defaults.Rule.MinHeldOutDialogues;

    /// <summary>No turn in flight, and none ended, for this long: the device is idle.</summary>
    [Range(0, 86_400)]
    public int IdleSeconds { get; set; } = 120;

    /// <summary>Cool: the hottest thermal zone this far below the thermal limit in force.</summary>
    [Range(0d, 100d)]
    public double CoolMarginC { get; set; } = 10;

    /// <summary>Not busy: the GPU's load at most this (a source that cannot read it does not hold a round back).</summary>
    [Range(0d, 100d)]
    public double MaxGpuLoadPercent { get; set; } = 30;

    /// <summary>How often the daemon checks whether a round is due and may run.</summary>
    [Range(1, 86_400)]
    public int CheckIntervalSeconds { get; set; } = 60;

    /// <summary>Seeds each round (with the round's number): the same journal and seed train the same challenger.</summary>
    public int Seed { get; set; } = 16;

    public TimeSpan Idle => TimeSpan.FromSeconds(IdleSeconds);

    public TimeSpan CheckInterval => TimeSpan.FromSeconds(CheckIntervalSeconds);

    /// <summary>The learner's options for the policy in force: its budgets and the daemon's longest dialogue.</summary>
    public ContinualLearningOptions ForLearner(EvaluationBudgets budgets, int maxDialogueTurns) => Defaults with
    {
        RetrainAfterRatedTurns = RetrainAfterRatedTurns,
        DeviceWeight = DeviceWeight,
        HeldOutShare = HeldOutShare,
        Steps = Steps,
        Rule = new PromotionRule(MinDeviceGain, DatasetMargin, MinHeldOutDialogues),
        Budgets = budgets,
        MaxDialogueTurns = maxDialogueTurns,
    };
}
