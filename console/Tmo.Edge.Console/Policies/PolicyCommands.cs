using System.Text.Json;
using Tmo.Edge.Console.Live;
using Tmo.Edge.Data.Auditing;

namespace Tmo.Edge.Console.Policies;

/// <summary>
/// The policy page's actions, sent to the daemon on `cmd/policy` and audited: activate (or roll back to) a version it
/// has loaded before, or queue a retraining run whose progress comes back on `policy/progress`.
/// </summary>
public sealed class PolicyCommands(ConsoleBus bus, AuditLog audit)
{
    public const string ActivateAction = "activate";
    public const string RetrainAction = "retrain";

    public async Task ActivateAsync(string version, string user, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        await SendAsync(new Dictionary<string, string> { ["action"] = ActivateAction, ["version"] = version }, cancellationToken);
        await audit.WriteAsync($"console:{user}", "policy.activate", version, cancellationToken);
    }

    public async Task RetrainAsync(string user, CancellationToken cancellationToken)
    {
        await SendAsync(new Dictionary<string, string> { ["action"] = RetrainAction }, cancellationToken);
        await audit.WriteAsync($"console:{user}", "policy.retrain", "queued", cancellationToken);
    }

    private Task SendAsync(Dictionary<string, string> command, CancellationToken cancellationToken) =>
        bus.SendCommandAsync(ConsoleBus.PolicyCommand, JsonSerializer.SerializeToUtf8Bytes(command), cancellationToken);
}
