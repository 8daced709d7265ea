using System.Text.Json;
using Tmo.Edge.Console.Live;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Data.Auditing;

namespace Tmo.Edge.Console.Policies;

/// <summary>
/// The policy page's actions, sent to the daemon on `cmd/policy` and audited: activate (or roll back to) a version it
/// has loaded before, or queue a retraining run whose progress comes back on `policy/progress`.
/// </summary>
public sealed class PolicyCommands(ConsoleBus bus, AuditLog audit)
{
    public async Task ActivateAsync(string version, string user, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        await SendAsync(new PolicyCommand(PolicyCommand.Activate, version), cancellationToken);
        await audit.WriteAsync($"console:{user}", "policy.activate", version, cancellationToken);
    }

    public async Task RetrainAsync(string user, CancellationToken cancellationToken)
    {
        await SendAsync(new PolicyCommand(PolicyCommand.Retrain), cancellationToken);
        await audit.WriteAsync($"console:{user}", "policy.retrain", "queued", cancellationToken);
    }

    private Task SendAsync(PolicyCommand command, CancellationToken cancellationToken) =>
        bus.SendCommandAsync(TopicLayout.Policy, JsonSerializer.SerializeToUtf8Bytes(command, ContractJsonContext.Default.PolicyCommand), cancellationToken);
}
