using Tmo.Edge.Data.Records;
using Tmo.Edge.Policy.Actions;

namespace Tmo.Edge.Console.Formatting;

/// <summary>
/// The rules that blocked a turn's actions in one line, from the daemon's masked reasons: actions blocked by the same
/// rule are named together ("cloud" when it is every cloud action), e.g.
/// "local masked: thermal: tj 88.2 C >= 85 C; cloud masked: daily cloud cap: 0.00008 USD left of 5".
/// </summary>
public static class MaskedSummary
{
    public static string Describe(IReadOnlyList<MaskedActionRecord> masked, int actionCount)
    {
        ArgumentNullException.ThrowIfNull(masked);
        if (masked.Count == 0)
        {
            return "no action was masked";
        }

        var space = ActionText.SpaceFor(actionCount);
        var cloudActions = Enumerable.Range(1, space.Count - 1).ToHashSet();
        return string.Join("; ", masked
            .GroupBy(m => m.Reason, StringComparer.Ordinal)
            .OrderBy(g => g.Min(m => m.Action))
            .Select(g => $"{Actions(g.Select(m => m.Action).Distinct().Order().ToList(), cloudActions, space.Count)} masked: {g.Key}"));
    }

    private static string Actions(List<int> actions, HashSet<int> cloudActions, int actionCount)
    {
        var cloud = actions.Where(cloudActions.Contains).ToList();
        var names = new List<string>();
        if (actions.Contains(ActionSpace.LocalAction))
        {
            names.Add("local");
        }

        if (cloud.Count > 0 && cloud.Count == cloudActions.Count)
        {
            names.Add("cloud");
        }
        else
        {
            names.AddRange(cloud.Select(a => ActionText.ForIndex(a, actionCount)));
        }

        names.AddRange(actions.Where(a => a != ActionSpace.LocalAction && !cloudActions.Contains(a)).Select(a => $"action {a}"));
        return string.Join(", ", names);
    }
}
