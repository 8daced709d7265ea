using Microsoft.Extensions.Logging;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Hosting;
using Tmo.Edge.Data.Policies;

namespace Tmo.Edge.Daemon.Policies;

/// <summary>
/// Puts a checkpoint in force, the one way every path does it (`cmd/policy` activate and retrain, a promotion by the
/// learning on the device): load it against the dataset's tasks, swap it into <see cref="PolicyInForce"/> (lanes use it
/// from their next turn), record it in the version store (so it can be activated again: rollback), remember it for the
/// next start and say so on `policy/progress`.
/// </summary>
public sealed partial class PolicyActivation(
    DaemonRuntime runtime,
    PolicyInForce policyInForce,
    PolicyVersionStore versions,
    ActivePolicyCheckpoint activeCheckpoint,
    PolicyProgressTopic progress,
    ILogger<PolicyActivation> logger)
{
    /// <param name="why">What `policy/progress` says besides "{version} is in force".</param>
    public async Task<PolicyRuntime> ActivateAsync(string checkpointPath, PolicyComparison? comparison, string? why, CancellationToken cancellationToken)
    {
        var policy = await PolicyRuntime.LoadAsync(checkpointPath, runtime.Dataset.Tasks, cancellationToken);
        policyInForce.Replace(policy);
        await versions.RecordLoadedAsync(policy.Describe(checkpointPath), cancellationToken);
        await activeCheckpoint.RememberAsync(checkpointPath, cancellationToken);
        LogActivated(logger, policy.Version, checkpointPath);
        var message = why is null ? $"{policy.Version} is in force" : $"{policy.Version} is in force: {why}";
        await progress.PublishAsync(progress.Message(PolicyProgressMessage.Activated, 1, message, policy.Version, comparison), cancellationToken);
        return policy;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy {Version} activated from {Path}")]
    private static partial void LogActivated(ILogger logger, string version, string path);
}
