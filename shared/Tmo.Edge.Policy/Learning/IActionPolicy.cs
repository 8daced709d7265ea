namespace Tmo.Edge.Policy.Learning;

/// <summary>
/// Anything that picks an offloading action from an observation: a trained network or a baseline.
/// </summary>
public interface IActionPolicy
{
    int ActionCount { get; }

    /// <summary>
    /// Chooses an action among those with <c>allowed[a] == true</c> (all actions allowed when the span is empty)
    /// and writes the policy's own distribution over all actions, before masking, to <paramref name="probabilities"/>
    /// (length <see cref="ActionCount"/>). Learned policies are deterministic (arg-max over the allowed actions);
    /// stochastic baselines sample from their distribution restricted to the allowed actions.
    /// Returns -1 when no action is allowed.
    /// </summary>
    int Decide(ReadOnlySpan<float> observation, ReadOnlySpan<bool> allowed, Span<float> probabilities);
}
