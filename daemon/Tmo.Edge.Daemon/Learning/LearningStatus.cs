using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Daemon.Learning;

/// <summary>What the learning on the device is doing and how its last round ended, for `health`. One writer (the service); any reader.</summary>
public sealed class LearningStatus
{
    private volatile Snapshot _snapshot = new(new LearningState(LearningState.WaitingForRatedTurns, "the first check is one interval after the start"), 0, null);

    public LearningState State => _snapshot.State;

    public void Update(LearningState state, int ratedTurns) => _snapshot = _snapshot with { State = state, RatedTurns = ratedTurns };

    public void Finished(PolicyRoundRecord round, LearningState next)
    {
        ArgumentNullException.ThrowIfNull(round);
        _snapshot = new Snapshot(next, round.RatedTurns, round);
    }

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
