namespace Tmo.Edge.TestSupport.Mqtt;

/// <summary>How a <see cref="Mosquitto"/> under test is set up; the defaults are a plain broker that lets anyone in.</summary>
public sealed record MosquittoSettings
{
    /// <summary>
    /// Keep sessions and queued messages in a persistence database saved after every change, so a
    /// <see cref="Mosquitto.StopAsync"/> / <see cref="Mosquitto.StartAsync"/> pair is a restart that loses nothing.
    /// </summary>
    public bool Persistent { get; init; }

    /// <summary>TLS only, with a certificate from a private CA generated for the broker (<see cref="Mosquitto.Certificates"/>).</summary>
    public bool Tls { get; init; }

    /// <summary>The one host name in the broker's certificate; null: 127.0.0.1 and localhost.</summary>
    public string? CertificateHost { get; init; }

    /// <summary>
    /// Users let in with a recognisable generated password (written by mosquitto_passwd, and kept in a file of each
    /// user's own); empty: anonymous clients are let in.
    /// </summary>
    public IReadOnlyList<string> Accounts { get; init; } = [];

    /// <summary>An ACL (Mosquitto's acl_file format); Mosquitto then logs, at debug level, what it denies.</summary>
    public string? Acl { get; init; }

    /// <summary>Appended to the generated mosquitto.conf (a bridge, queue limits).</summary>
    public string ExtraConfiguration { get; init; } = "";
}
