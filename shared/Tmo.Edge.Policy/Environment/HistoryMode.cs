namespace Tmo.Edge.Policy.Environment;

/// <summary>Where the history part of a training observation comes from.</summary>
public enum HistoryMode
{
    /// <summary>The dataset's logged turns, whatever the agent chose (the reference's training environment).</summary>
    Logged,

    /// <summary>The agent's own previous actions, as evaluation and live operation see it.</summary>
    Own,
}
