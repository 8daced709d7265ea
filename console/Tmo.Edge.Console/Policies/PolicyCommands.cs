using System.Text.Json;
using Tmo.Edge.Console.Live;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Data.Auditing;

namespace Tmo.Edge.Console.Policies;

/// <summary>
/// The policy page's actions, sent to the daemon on `cmd/policy` and audited: activate (or roll back to) a version it
/// has loaded before or the candidate it held back, set that candidate aside, or queue a retraining run whose progress
/// and outcome come back on `policy/progress`.
/// </summary>
public sealed class PolicyCommands(ConsoleBus bus, AuditLog audit)
{
    /// <summary>
    /// Activates a version; a retrained candidate the daemon held back because it scored worse needs
    /// <paramref name="confirmed"/>, which the page sets only after the administrator has said yes to the comparison.
    /// </summary>
    public async Task ActivateAsync(string version, string user, bool confirmed, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        await SendAsync(new PolicyCommand(PolicyCommand.Activate, version, confirmed), cancellationToken);
        await audit.WriteAsync($"console:{user}", confirmed ? "policy.activate-confirmed" : "policy.activate", version, cancellationToken);
    }

    /// <summary>Keeps the active policy and sets the held-back candidate aside.</summary>
    public async Task DiscardAsync(string version, string user, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        await SendAsync(new PolicyCommand(PolicyCommand.Discard, version), cancellationToken);
        await audit.WriteAsync($"console:{user}", "policy.discard", version, cancellationToken);
    }

    public async Task RetrainAsync(string user, CancellationToken cancellationToken)
    {
        await SendAsync(new PolicyCommand(PolicyCommand.Retrain), cancellationToken);
        await audit.WriteAsync($"console:{user}", "policy.retrain", "queued", cancellationToken);
    }

    private Task SendAsync(PolicyCommand command, CancellationToken cancellationToken) =>
        bus.SendCommandAsync(TopicLayout.Policy, JsonSerializer.SerializeToUtf8Bytes(command, ContractJsonContext.Default.PolicyCommand), cancellationToken);
}
