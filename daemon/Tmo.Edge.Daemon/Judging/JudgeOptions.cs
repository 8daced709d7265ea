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
}
