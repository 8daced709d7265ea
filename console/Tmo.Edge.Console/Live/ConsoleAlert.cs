using Tmo.Edge.Core.Contracts;

namespace Tmo.Edge.Console.Live;

/// <summary>A condition every page announces in its banner while it lasts.</summary>
public sealed record ConsoleAlert(string Key, string Text);

/// <summary>Today's cloud spend against the daily cap, and the cheapest cloud call the journal shows (0 when none).</summary>
public sealed record CloudCapStatus(double SpentUsd, double CapUsd, double CheapestCloudCallUsd)
{
    /// <summary>
    /// Spent when what is left cannot pay for even the cheapest cloud call seen: 0.00008 USD left of 5 blocks every
    /// cloud action as surely as 0 does.
    /// </summary>
    public bool IsSpent => CapUsd - SpentUsd <= Math.Max(0, CheapestCloudCallUsd);
}

/// <summary>What the banner says, from live state and today's spend: the cap spent, the local model masked, the broker down, storage failing.</summary>
public static class ConsoleAlerts
{
    public static IReadOnlyList<ConsoleAlert> From(bool brokerConnected, DaemonHealth? health, CloudCapStatus? cap)
    {
        var alerts = new List<ConsoleAlert>();
        if (!brokerConnected)
        {
            alerts.Add(new("broker", "The console cannot reach the MQTT broker: live figures are stale and changes cannot be announced to the daemon."));
        }
        else if (health is { MqttConnected: false })
        {
            alerts.Add(new("broker", "The daemon reports that it is not connected to the MQTT broker: no prompt reaches it."));
        }

        if (health is { StorageHealthy: false })
        {
            alerts.Add(new("storage", $"The daemon's storage is failing: {health.StorageError ?? "writes are refused"}. New prompts wait at the broker."));
        }

        if (cap is { IsSpent: true })
        {
            alerts.Add(new("cap", $"The daily cloud cap is spent ({Formatting.Units.Usd(cap.SpentUsd)} of {Formatting.Units.Usd(cap.CapUsd)}): every turn runs locally or is refused until midnight UTC."));
        }

        if (health is { LocalRunner.Available: false })
        {
            alerts.Add(new("local", $"The local model is masked: {health.LocalRunner.Reason ?? "unavailable"}."));
        }

        return alerts;
    }
}
