using Tmo.Edge.Policy.Adaptation;

namespace Tmo.Edge.Daemon.LivePath;

/// <summary>How `policy adapt` replays a drifted world: its length, the simulated days, the judge and the learner.</summary>
public sealed record AdaptationSettings
{
    public int Dialogues { get; init; } = 2000;

    /// <summary>A household's day, for the daily caps (the judge's, the cloud's).</summary>
    public int DialoguesPerDay { get; init; } = 100;

    /// <summary>The share of answered turns the judge rates (the daemon's default 5 %).</summary>
    public double JudgeShare { get; init; } = 0.05;

    /// <summary>The judge's own daily USD cap: its calls and the shadow answers' cloud calls.</summary>
    public double JudgeDailyCapUsd { get; init; } = 0.10;

    /// <summary>The share of judged turns that also get a shadow answer from the other side.</summary>
    public double ShadowShare { get; init; } = 0.5;

    /// <summary>The standard deviation of the judge's error on the dataset's score scale: a judge LLM is not exact.</summary>
    public double JudgeNoise { get; init; } = 0.1;

    /// <summary>The trailing window (dialogues) over which recovery is measured.</summary>
    public int RecoveryWindow { get; init; } = 100;

    public int Seed { get; init; } = 1;

    public ContinualLearningOptions Learning { get; init; } = new();
}
