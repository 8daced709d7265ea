using System.Text.Json;
using Tmo.Edge.Core.Contracts;

namespace Tmo.Edge.Console.Live;

/// <summary>
/// The daemon's last word on a policy command (`policy/progress`, retained): training and evaluating lines stay while
/// they run, a candidate held back stays until the administrator decides, an outcome (activated, failed, busy,
/// discarded) clears itself after <see cref="OutcomeShownFor"/>.
/// </summary>
public sealed record RetrainProgress(DateTimeOffset ReceivedAt, PolicyProgressMessage Message)
{
    public static readonly TimeSpan OutcomeShownFor = TimeSpan.FromSeconds(20);

    public string State => Message.State;

    /// <summary>When the daemon said it (a retained message arrives again at every console start), else when it arrived.</summary>
    public DateTimeOffset At => Message.At ?? ReceivedAt;

    public bool IsRunning => State is PolicyProgressMessage.Training or PolicyProgressMessage.Evaluating;

    public bool AwaitsDecision => State == PolicyProgressMessage.Candidate && Message.Comparison is not null;

    public bool IsShownAt(DateTimeOffset now) => IsRunning || AwaitsDecision || now - At < OutcomeShownFor;

    public static RetrainProgress? TryParse(ReadOnlySpan<byte> payload, DateTimeOffset receivedAt)
    {
        try
        {
            return JsonSerializer.Deserialize(payload, ContractJsonContext.Default.PolicyProgressMessage) is { State: not null } message
                ? new RetrainProgress(receivedAt, message)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
