namespace Tmo.Edge.Data.Records;

/// <summary>
/// One champion-and-challenger round of the daemon's learning on the device (docs/policy.md, "Learning on the
/// device"): both policies' scores, whether the challenger was promoted, and why.
/// </summary>
public sealed class PolicyRoundRecord
{
    public const int MethodMaxLength = 64;

    public const int ReasonMaxLength = 1024;

    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The round's number on this device, from 1.</summary>
    public int Round { get; set; }

    public required string ChampionVersion { get; set; }

    /// <summary>The challenger's version (its network's fingerprint); a version that was not promoted has no checkpoint.</summary>
    public required string ChallengerVersion { get; set; }

    public required string ChallengerMethod { get; set; }

    /// <summary>Mean reward on the device's held-out dialogues.</summary>
    public double ChampionDeviceReward { get; set; }

    public double ChallengerDeviceReward { get; set; }

    /// <summary>Mean reward on the dataset's test split.</summary>
    public double ChampionDatasetReward { get; set; }

    public double ChallengerDatasetReward { get; set; }

    /// <summary>The challenger's dialogues over a budget, device and dataset together.</summary>
    public int ChallengerViolations { get; set; }

    public bool Promoted { get; set; }

    public required string Reason { get; set; }

    /// <summary>Rated turns in the journal when the round ran: the next round is due that many plus the configured count later.</summary>
    public int RatedTurns { get; set; }

    public int HeldOutDialogues { get; set; }
}
