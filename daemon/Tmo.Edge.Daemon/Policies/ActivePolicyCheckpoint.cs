using Microsoft.Extensions.Logging;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Data.Settings;
using Tmo.Edge.Policy.Checkpoints;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Daemon.Policies;

/// <summary>
/// Which checkpoint is in force across restarts. An activation from the console is remembered in the settings store
/// (audited like any setting) and wins over the configured checkpoint at the next start; if that checkpoint has gone,
/// is corrupt or no longer fits the dataset, the daemon says why and starts with the configured one instead.
/// </summary>
public sealed partial class ActivePolicyCheckpoint(SettingsStore settings, ILogger<ActivePolicyCheckpoint> logger)
{
    public const string ChangedBy = "mqtt:cmd/policy";

    /// <summary>Loads the remembered checkpoint, else the configured one (whose failure stops the start).</summary>
    public async Task<(PolicyRuntime Policy, string CheckpointPath)> LoadAsync(
        string configuredPath, TaskVocabulary tasks, CancellationToken cancellationToken)
    {
        var configured = Path.GetFullPath(configuredPath);
        if (await settings.GetAsync(SettingKeys.ActivePolicyCheckpoint, cancellationToken) is { Length: > 0 } activated
            && !string.Equals(activated, configured, StringComparison.Ordinal))
        {
            try
            {
                var policy = await PolicyRuntime.LoadAsync(activated, tasks, cancellationToken);
                LogActivatedKept(logger, policy.Version, activated, configured);
                return (policy, activated);
            }
            catch (Exception ex) when (ex is IOException or CheckpointException or UnauthorizedAccessException or InvalidOperationException)
            {
                LogActivatedUnusable(logger, activated, ex.Message, configured);
            }
        }

        return (await PolicyRuntime.LoadAsync(configured, tasks, cancellationToken), configured);
    }

    /// <summary>Remembers the checkpoint just activated for the next start.</summary>
    public async Task RememberAsync(string checkpointPath, CancellationToken cancellationToken) =>
        await settings.SetAsync(SettingKeys.ActivePolicyCheckpoint, Path.GetFullPath(checkpointPath), ChangedBy, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy {Version} from {Path}, activated from the console, stays in force (configured: {Configured})")]
    private static partial void LogActivatedKept(ILogger logger, string version, string path, string configured);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The activated policy checkpoint {Path} cannot be used ({Reason}); starting with the configured {Configured}")]
    private static partial void LogActivatedUnusable(ILogger logger, string path, string reason, string configured);
}
