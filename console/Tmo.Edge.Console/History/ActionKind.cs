using Tmo.Edge.Policy.Actions;

namespace Tmo.Edge.Console.History;

/// <summary>The kinds of decision the dashboard counts: local LLM, cloud text only, cloud with camera views, refused.</summary>
public enum ActionKind
{
    Local,
    CloudText,
    CloudViews,
    Refused,
}

public static class ActionKinds
{
    /// <summary>Action 0 is local, action 1 the cloud without views (the empty subset comes first, ActionSpace); below 0 refused.</summary>
    public static ActionKind Of(int action) => action switch
    {
        < 0 => ActionKind.Refused,
        ActionSpace.LocalAction => ActionKind.Local,
        1 => ActionKind.CloudText,
        _ => ActionKind.CloudViews,
    };

    public static string Label(ActionKind kind) => kind switch
    {
        ActionKind.Local => "local",
        ActionKind.CloudText => "cloud, text only",
        ActionKind.CloudViews => "cloud + views",
        _ => "refused",
    };
}
