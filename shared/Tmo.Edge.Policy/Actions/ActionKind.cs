namespace Tmo.Edge.Policy.Actions;

/// <summary>The kinds of decision people tell apart: the local LLM, the cloud with text only, the cloud with camera views, refused.</summary>
public enum ActionKind
{
    Local,
    CloudText,
    CloudViews,
    Refused,
}

public static class ActionKinds
{
    /// <summary>The cloud action that uploads no views: the empty subset comes first (<see cref="ActionSpace"/>).</summary>
    private const int CloudTextAction = ActionSpace.LocalAction + 1;

    /// <summary>Action 0 is local, action 1 the cloud without views, every later action the cloud with views; below 0 refused.</summary>
    public static ActionKind Of(int action) => action switch
    {
        < 0 => ActionKind.Refused,
        ActionSpace.LocalAction => ActionKind.Local,
        CloudTextAction => ActionKind.CloudText,
        _ => ActionKind.CloudViews,
    };
}
