namespace Tmo.Edge.Policy.Environment;

/// <summary>An episode in the scenario's terms: task ids, logged actions, association per action, recorded scores.</summary>
public sealed record PreparedEpisode(
    int Id,
    int[] TaskIds,
    int[] LoggedActions,
    double[][] Association,
    double[][] NormalisedAssociation,
    double[] RecordedScores)
{
    public int TurnCount => TaskIds.Length;
}
