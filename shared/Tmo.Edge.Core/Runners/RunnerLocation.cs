using Tmo.Edge.Policy.Actions;

namespace Tmo.Edge.Core.Runners;

/// <summary>
/// Where an answer is computed: the on-device LLM or the cloud LLM. The one location type of the daemon, the journal
/// and the console; as text it exists only at the boundaries, through <see cref="RunnerLocations"/>.
/// </summary>
public enum RunnerLocation
{
    Local,
    Cloud,
}

/// <summary>Where an action runs, and the one spelling of a location outside the process (database, JSON, metric labels).</summary>
/// <remarks>
/// The action mapping lives here rather than beside <see cref="ActionSpace"/> because the policy library does not
/// reference this one; it follows <see cref="ActionSpace.IsCloud"/>, with a negative action (a refusal) running nowhere.
/// </remarks>
public static class RunnerLocations
{
    /// <summary>The text of a refusal's location in the decision payload and the metric labels.</summary>
    public const string NoneText = "none";

    private const string LocalText = "local";
    private const string CloudText = "cloud";

    /// <summary>Action 0 runs locally, every other action in the cloud; a negative action (refused) runs nowhere (null).</summary>
    public static RunnerLocation? OfAction(int action) =>
        action < 0 ? null : ActionSpace.IsCloud(action) ? RunnerLocation.Cloud : RunnerLocation.Local;

    /// <summary>"local" or "cloud": the stored text (the Turns.Location column), the JSON value and the metric label.</summary>
    public static string ToText(RunnerLocation location) => location switch
    {
        RunnerLocation.Local => LocalText,
        RunnerLocation.Cloud => CloudText,
        _ => throw new ArgumentOutOfRangeException(nameof(location), location, "Not a runner location."),
    };

    /// <summary>As <see cref="ToText(RunnerLocation)"/>, with <see cref="NoneText"/> for a turn that ran nowhere.</summary>
    public static string ToText(RunnerLocation? location) => location is { } where ? ToText(where) : NoneText;

    /// <summary>The location <see cref="ToText(RunnerLocation)"/> wrote; anything else is a clear error, never a guess.</summary>
    public static RunnerLocation Parse(string text) => text switch
    {
        LocalText => RunnerLocation.Local,
        CloudText => RunnerLocation.Cloud,
        _ => throw new FormatException($"Location '{text}' is neither '{LocalText}' nor '{CloudText}'."),
    };
}
