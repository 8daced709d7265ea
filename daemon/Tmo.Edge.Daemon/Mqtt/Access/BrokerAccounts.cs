using Microsoft.Extensions.Logging;

namespace Tmo.Edge.Daemon.Mqtt.Access;

/// <summary>
/// The embedded broker's view of its password file: read at start and again whenever the file changes, so an account
/// added or removed with `tmo-edge mqtt-user` applies at the next CONNECT without a restart (Mosquitto needs a
/// SIGHUP). A file that becomes unreadable or malformed keeps the last good accounts and is logged.
/// </summary>
public sealed partial class BrokerAccounts(string path, ILogger logger)
{
    private readonly Lock _gate = new();
    private MqttPasswordFile _current = MqttPasswordFile.Empty;
    private (DateTime Written, long Length)? _version;

    public string Path { get; } = path;

    /// <summary>Reads the file for the first time; a malformed file fails the start with the reason.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var version = VersionOnDisk();
        var accounts = await MqttPasswordFile.LoadAsync(Path, cancellationToken);
        lock (_gate)
        {
            _current = accounts;
            _version = version;
        }
    }

    /// <summary>The accounts as the file holds them now (re-read if it changed since the last call).</summary>
    public MqttPasswordFile Current()
    {
        var version = VersionOnDisk();
        lock (_gate)
        {
            if (version == _version)
            {
                return _current;
            }

            try
            {
                _current = version is null ? MqttPasswordFile.Empty : MqttPasswordFile.Parse(File.ReadAllLines(Path), Path);
                LogReloaded(logger, Path, _current.Count);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                LogReloadFailed(logger, Path, ex.Message);
            }

            _version = version;
            return _current;
        }
    }

    private (DateTime, long)? VersionOnDisk()
    {
        var file = new FileInfo(Path);
        return file.Exists ? (file.LastWriteTimeUtc, file.Length) : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT accounts read from {Path}: {Count}")]
    private static partial void LogReloaded(ILogger logger, string path, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT accounts in {Path} could not be read ({Reason}); the previous accounts stay in force")]
    private static partial void LogReloadFailed(ILogger logger, string path, string reason);
}
