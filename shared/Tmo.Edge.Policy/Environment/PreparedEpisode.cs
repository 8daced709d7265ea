namespace Tmo.Edge.Policy.Environment;

/// <summary>
/// An episode in the scenario's terms: task ids, logged actions, association per action, recorded scores, and which
/// turns were rated (null: all of them, as in M4A1; a device's dialogues carry unrated history turns).
/// </summary>
public sealed record PreparedEpisode(
    int Id,
    int[] TaskIds,
    int[] LoggedActions,
    double[][] Association,
    double[][] NormalisedAssociation,
    double[] RecordedScores,
    bool[]? Scored = null)
{
    public bool IsScored(int turn) => Scored?[turn] ?? true;

    public int TurnCount => TaskIds.Length;
}
