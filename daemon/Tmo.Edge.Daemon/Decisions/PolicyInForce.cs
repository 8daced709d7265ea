namespace Tmo.Edge.Daemon.Decisions;

/// <summary>
/// The policy the lanes decide with. The one mutable part of the daemon's runtime: an activation from the console
/// (`cmd/policy`) swaps it, and each lane picks the new one up before its next turn.
/// </summary>
public sealed class PolicyInForce(PolicyRuntime initial)
{
    private volatile PolicyRuntime _current = initial;

    public PolicyRuntime Current => _current;

    public void Replace(PolicyRuntime policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _current = policy;
    }
}
