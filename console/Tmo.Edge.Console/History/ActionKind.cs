using Tmo.Edge.Policy.Actions;

namespace Tmo.Edge.Console.History;

/// <summary>The three kinds of action the dashboard counts: local LLM, cloud text only, cloud with camera views.</summary>
public enum ActionKind
{
    Local,
    CloudText,
    CloudViews,
}

public static class ActionKinds
{
    /// <summary>Action 0 is local, action 1 the cloud without views (the empty subset comes first, ActionSpace).</summary>
    public static ActionKind Of(int action) => action switch
    {
        ActionSpace.LocalAction => ActionKind.Local,
        1 => ActionKind.CloudText,
        _ => ActionKind.CloudViews,
    };

    public static string Label(ActionKind kind) => kind switch
    {
        ActionKind.Local => "local",
        ActionKind.CloudText => "cloud text",
        _ => "cloud + views",
    };

    public static string Describe(int? action, IReadOnlyList<int>? views) => action switch
    {
        null => "-",
        < 0 => "refused",
        ActionSpace.LocalAction => "0 local",
        _ when views is { Count: > 0 } => $"{action} cloud + views [{string.Join(",", views)}]",
        _ => $"{action} cloud text",
    };
}
