using Tmo.Edge.Core.Runners;

namespace Tmo.Edge.Data.Records;

/// <summary>
/// The other side's answer to a judged turn, run in the background and rated by the judge (docs/policy.md, "Learning on
/// the device"): the played turn's prompt and history with the other action, so the estimator sees both actions for one
/// state. Never sent to the device.
/// </summary>
public sealed class ShadowAnswerRecord
{
    public long Id { get; set; }

    public required string DialogueId { get; set; }

    public DialogueRecord? Dialogue { get; set; }

    /// <summary>The played turn's 1-based Sequence: the shadow shares its prompt, task and the turns before it.</summary>
    public int Sequence { get; set; }

    /// <summary>The shadow's action in the policy's action space (0 local, 1.. cloud with its views).</summary>
    public int Action { get; set; }

    public RunnerLocation Location { get; set; }

    /// <summary>The camera views the shadow uploaded (none for a local shadow).</summary>
    public List<int> Views { get; set; } = [];

    public required string ResponseText { get; set; }

    public double LatencyMs { get; set; }

    public double UsageUsd { get; set; }

    /// <summary>The judge's rating divided by the top of its scale, in [0, 1] as M4A1 scores.</summary>
    public double Score { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
