namespace Tmo.Edge.Data.Settings;

/// <summary>
/// The settings the console edits and the daemon reads (on start and on `cmd/reload`), in one place so that both
/// processes spell them alike. Values are invariant-culture numbers.
/// </summary>
public static class SettingKeys
{
    public const string DialogueLatencyS = "budgets.dialogueLatencyS";
    public const string DialogueUsageUsd = "budgets.dialogueUsageUsd";
    public const string DailyCloudCapUsd = "budgets.dailyCloudCapUsd";

    /// <summary>The local LLM is masked at or above this temperature, degrees C.</summary>
    public const string ThermalLimitC = "budgets.thermalLimitC";

    /// <summary>The local LLM is masked when running it would take the board above this power, watts.</summary>
    public const string PowerCapW = "budgets.powerCapW";

    /// <summary>Free memory the local LLM must leave beyond the model's need, MiB.</summary>
    public const string MemoryMarginMB = "budgets.memoryMarginMB";

    /// <summary>
    /// Full path of the checkpoint last activated from the console (`cmd/policy` activate, roll back or retrain): the
    /// daemon starts with it rather than the configured Tmo:Policy:CheckpointPath while it still loads and fits.
    /// </summary>
    public const string ActivePolicyCheckpoint = "policy.activeCheckpointPath";

    /// <summary>
    /// Full path of a retrained checkpoint the daemon held back because it scored worse than the active one; empty when
    /// none waits. Only this checkpoint may be activated before it has run, and only with the administrator's confirmation.
    /// </summary>
    public const string CandidatePolicyCheckpoint = "policy.candidateCheckpointPath";

    /// <summary>
    /// Followed by a UTC day (yyyy-MM-dd): what the judge's calls were charged that day, USD, kept across restarts
    /// against its own daily cap (Tmo:Judge:DailyCapUsd). Written by the daemon, never edited.
    /// </summary>
    public const string JudgeSpentUsdPrefix = "judge.spentUsd.";
}
