
namespace Tmo.Edge.Daemon.Runners.Cloud;

/// <summary>
/// Reads the cloud API key: the key file (a systemd credential) first, then the environment variable. The key lives
/// only in memory, in the HTTP client's credential; nothing here logs, stores or returns it anywhere else.
/// </summary>
public static class CloudApiKey
{
    /// <returns>The key, or null when neither source has one.</returns>
    public static string? Read(CloudLlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ResolvedApiKeyFile is { } file)
        {
            var key = File.ReadAllText(file).Trim();
            return key.Length > 0 ? key : null;
        }

        return Environment.GetEnvironmentVariable(options.ApiKeyEnvironmentVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment.Trim()
            : null;
    }
}
