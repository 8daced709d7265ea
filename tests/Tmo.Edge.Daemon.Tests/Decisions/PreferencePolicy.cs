using Tmo.Edge.Policy.Learning;

namespace Tmo.Edge.Daemon.Tests.Decisions;

/// <summary>A policy with a fixed order of preference: the first allowed action in it, and a distribution that says so.</summary>
internal sealed class PreferencePolicy(params int[] preference) : IActionPolicy
{
    public int ActionCount => preference.Length;

    public int Decide(ReadOnlySpan<float> observation, ReadOnlySpan<bool> allowed, Span<float> probabilities)
    {
        for (var rank = 0; rank < preference.Length; rank++)
        {
            // Halving per rank: the preferred action is the most probable whatever is allowed.
            probabilities[preference[rank]] = 1f / (2 << rank);
        }

        foreach (var action in preference)
        {
            if (allowed.IsEmpty || allowed[action])
            {
                return action;
            }
        }

        return -1;
    }
}
