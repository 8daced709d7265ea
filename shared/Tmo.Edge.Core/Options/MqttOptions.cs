using System.ComponentModel.DataAnnotations;

namespace Tmo.Edge.Core.Options;

/// <summary>
/// "Tmo:Mqtt": the broker. With no Host the daemon runs its own embedded broker on EmbeddedAddress:EmbeddedPort,
/// so a fresh machine works with nothing else installed; otherwise it connects to Host:Port as a client.
/// </summary>
public sealed class MqttOptions
{
    public const string Section = "Tmo:Mqtt";

    /// <summary>
    /// Every MQTT client's socket send and receive buffers (the kernel clamps them to net.core.rmem_max / wmem_max).
    /// MQTTnet sets both to its own default of 8 KiB, which turns off the kernel's auto-tuning and caps the TCP window
    /// near that, below one loopback segment: once a backlog forms the broker may send only a few KiB per delayed ACK
    /// (40 ms). Measured in `make soak` on Mosquitto: the replay fell from 100 to about 22 prompts/s for the rest of
    /// the run with 390 KiB waiting in the broker's send queue behind a 5.7 KiB window; a 2 MiB camera frame would
    /// crawl the same way.
    /// </summary>
    public const int ClientSocketBufferBytes = 1024 * 1024;

    /// <summary>External broker host; empty means the embedded broker.</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 1883;

    public bool UseTls { get; set; }

    /// <summary>
    /// PEM file with the CA certificate(s) that signed the broker's certificate, for a broker with a private CA; empty
    /// trusts the system's CA store. Used only with UseTls; certificate validation is never switched off.
    /// </summary>
    public string? CaCertificateFile { get; set; }

    public string? Username { get; set; }

    /// <summary>File holding the password (e.g. a systemd credential), never the password itself.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>Client id for the persistent session (prompts published while disconnected are delivered later).</summary>
    [Required(AllowEmptyStrings = false)]
    public string ClientId { get; set; } = "tmo-edge-daemon";

    public string EmbeddedAddress { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int EmbeddedPort { get; set; } = 1883;

    [Range(1, 3600)]
    public int KeepAliveSeconds { get; set; } = 15;

    /// <summary>Reconnect backoff: doubles from the initial delay up to the maximum.</summary>
    [Range(0.05, 60)]
    public double ReconnectInitialSeconds { get; set; } = 0.5;

    [Range(0.05, 600)]
    public double ReconnectMaxSeconds { get; set; } = 30;

    /// <summary>
    /// The broker account the console connects as: the only one that may send `cmd/*` and read every account's branch.
    /// On an external Mosquitto the same name goes in its acl_file (packaging/mosquitto/tmo-edge.acl).
    /// </summary>
    public string? ConsoleUsername { get; set; } = "console";

    /// <summary>
    /// The embedded broker's accounts, in Mosquitto's password_file format (`tmo-edge mqtt-user add|remove|list`);
    /// empty means `mqtt-accounts` in the data directory.
    /// </summary>
    public string? AccountsFile { get; set; }

    /// <summary>
    /// Where the daemon keeps the password it generated for the <see cref="ConsoleUsername"/> account on the embedded
    /// broker (readable by the service group, as the database is), for a console with no login of its own configured.
    /// </summary>
    public static string ConsolePasswordFilePath(string dataDirectory) => Path.Join(dataDirectory, "mqtt-console-password");

    /// <summary>The accounts file: <see cref="AccountsFile"/>, or `mqtt-accounts` in <paramref name="dataDirectory"/>.</summary>
    public string AccountsFilePath(string dataDirectory) =>
        string.IsNullOrWhiteSpace(AccountsFile) ? Path.Join(dataDirectory, "mqtt-accounts") : AccountsFile;

    /// <summary>
    /// The largest MQTT packet, in bytes: the embedded broker closes a connection whose packet header announces more,
    /// before reading its body, and advertises the limit in CONNACK; the daemon's and the console's clients ask any
    /// broker not to send them more. The default is the largest payload the daemon accepts (a voice message,
    /// Tmo:Limits:MaxVoiceBytes, 4 MiB; a camera frame is 2 MiB) plus 64 KiB for the topic and properties.
    /// </summary>
    [Range(64 * 1024, 256 << 20)]
    public int MaxPacketBytes { get; set; } = (4 << 20) + (64 << 10);

    /// <summary>
    /// The most bytes (topics and payloads) the embedded broker holds for one client, queued or awaiting its
    /// acknowledgement; beyond it new messages for that client are dropped until it catches up.
    /// </summary>
    [Range(1L << 20, 16L << 30)]
    public long MaxQueuedBytesPerClient { get; set; } = 64L << 20;

    public bool UsesEmbeddedBroker => string.IsNullOrWhiteSpace(Host);
}
