using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Daemon.Learning;

/// <summary>What the learning on the device is doing and how its latest round ended, for `health`. One writer (the service); any reader.</summary>
public sealed class LearningStatus
{
    private volatile Snapshot _snapshot = new(new LearningState(LearningState.WaitingForRatedTurns, "the first check is one interval after the start"), 0, null);

    public LearningState State => _snapshot.State;

    /// <param name="lastRound">The latest round recorded (this run's or, after a restart, an earlier one's), or null before the first.</param>
    public void Update(LearningState state, int ratedTurns, PolicyRoundRecord? lastRound) => _snapshot = new Snapshot(state, ratedTurns, lastRound);

    /// <summary>The `health` section (docs/mqtt-contract.md).</summary>
    public LearningHealth ToHealth()
    {
        var snapshot = _snapshot;
        var last = snapshot.LastRound;
        return new LearningHealth(
            snapshot.State.State,
            snapshot.State.Detail,
            snapshot.RatedTurns,
            last is null ? null : new LearningRoundHealth(last.Round, last.At, last.Promoted, last.ChampionVersion, last.ChallengerVersion, last.Reason));
    }

    private sealed record Snapshot(LearningState State, int RatedTurns, PolicyRoundRecord? LastRound);
}
