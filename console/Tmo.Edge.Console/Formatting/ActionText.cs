using System.Numerics;
using Tmo.Edge.Policy.Actions;

namespace Tmo.Edge.Console.Formatting;

/// <summary>
/// Every action in the same plain words on every page: "local", "cloud, text only", "cloud + view 2",
/// "cloud + views 1 and 3". Camera views are counted from 1 for people (view 1 is the daemon's `in/camera/0`).
/// </summary>
public static class ActionText
{
    /// <summary>M4A1's three camera views: 1 + 2^3 actions.</summary>
    public const int DefaultActionCount = 9;

    /// <summary>A decided turn: its action and the (0-based) views it uploaded; null is "not decided", below 0 "refused".</summary>
    public static string Describe(int? action, IReadOnlyList<int>? views) => action switch
    {
        null => "–",
        < 0 => "refused",
        ActionSpace.LocalAction => "local",
        _ when views is { Count: > 0 } => Cloud(views),
        _ => "cloud, text only",
    };

    /// <summary>A kind of action, as the dashboard's legend names it.</summary>
    public static string ForKind(ActionKind kind) => kind switch
    {
        ActionKind.Local => "local",
        ActionKind.CloudText => "cloud, text only",
        ActionKind.CloudViews => "cloud + views",
        _ => "refused",
    };

    /// <summary>Action <paramref name="action"/> of an action space of <paramref name="actionCount"/> actions (1 + 2^X).</summary>
    public static string ForIndex(int action, int actionCount)
    {
        var space = SpaceFor(actionCount);
        return action < 0 || action >= space.Count ? $"action {action}" : Describe(action, space.ViewsOf(action).ToArray());
    }

    /// <summary>The action space whose size is <paramref name="actionCount"/>; M4A1's when the count is not 1 + 2^X.</summary>
    public static ActionSpace SpaceFor(int actionCount)
    {
        var subsets = actionCount - 1;
        return new ActionSpace(subsets > 1 && BitOperations.IsPow2(subsets) && subsets <= 1 << ActionSpace.MaxModalities
            ? BitOperations.Log2((uint)subsets)
            : BitOperations.Log2(DefaultActionCount - 1));
    }

    private static string Cloud(IReadOnlyList<int> views)
    {
        var numbers = views.Order().Select(v => (v + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return numbers.Count == 1
            ? $"cloud + view {numbers[0]}"
            : $"cloud + views {string.Join(", ", numbers[..^1])} and {numbers[^1]}";
    }
}
