namespace Tmo.Edge.Policy.Decisions;

/// <summary>
/// How many later turns the shield reserves for: the expected rest of the dialogue from <paramref name="Lengths"/>,
/// never more than a dialogue of <paramref name="MaxDialogueTurns"/> turns could still have.
/// </summary>
public sealed record ShieldReservePlan(DialogueLengths Lengths, int MaxDialogueTurns)
{
    public int LaterTurns(int completedTurns) => Lengths.ExpectedLaterTurns(completedTurns, MaxDialogueTurns - completedTurns - 1);
}
