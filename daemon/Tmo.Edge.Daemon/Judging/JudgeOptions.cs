using System.ComponentModel.DataAnnotations;

namespace Tmo.Edge.Daemon.Judging;

/// <summary>
/// "Tmo:Judge": the cloud LLM rates a seeded share of answered turns, within a daily USD cap of its own (separate
/// from the dialogue budgets and the daily cloud cap). See docs/policy.md, "Learning on the device".
/// </summary>
public sealed class JudgeOptions
{
    public const string Section = "Tmo:Judge";

    /// <summary>Unset: on whenever the cloud LLM is configured. The judge is off without a cloud endpoint and key either way.</summary>
    public bool? Enabled { get; set; }

    /// <summary>The share of answered turns the judge rates.</summary>
    [Range(0d, 1d)]
    public double Share { get; set; } = 0.05;

    /// <summary>The most the judge's calls may cost per UTC day; each call is charged its most possible cost before it is made.</summary>
    [Range(0d, 1_000d)]
    public double DailyCapUsd { get; set; } = 0.50;

    /// <summary>The judge's reply is one small JSON object: a few tokens, with room for a model that adds a word.</summary>
    [Range(1, 256)]
    public int MaxReplyTokens { get; set; } = 16;

    /// <summary>Seeds which turns are sampled.</summary>
    public int Seed { get; set; } = 16;

    /// <summary>Sampled turns waiting for the judge; a full queue drops the sample (never delays an answer).</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 64;

    /// <summary>The share of judged turns that also get a shadow answer from the other side (local for cloud, cloud for local).</summary>
    [Range(0d, 1d)]
    public double ShadowShare { get; set; } = 0.25;

    /// <summary>Shadows waiting for the device to be idle; a full queue drops the shadow.</summary>
    [Range(1, 10_000)]
    public int ShadowQueueCapacity { get; set; } = 16;

    /// <summary>A shadow still waiting this long after its turn is dropped as stale (the device was never idle enough).</summary>
    [Range(1d, 86_400d)]
    public double ShadowMaxWaitSeconds { get; set; } = 600;

    /// <summary>Idle: no turn in flight in the decision lanes, and none ended within this many seconds (a dialogue's next turn often follows).</summary>
    [Range(0d, 3_600d)]
    public double ShadowQuietSeconds { get; set; } = 10;

    /// <summary>Idle for a local shadow: the latest sample's GPU load is under this (a reading the source cannot take does not block).</summary>
    [Range(0d, 100d)]
    public double ShadowMaxGpuLoadPercent { get; set; } = 30;

    /// <summary>Idle for a local shadow: the latest sample's hottest temperature is under this, in C, well below the throttle limit.</summary>
    [Range(0d, 150d)]
    public double ShadowMaxTemperatureC { get; set; } = 70;
}
