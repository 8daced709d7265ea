namespace Tmo.Edge.Data.Records;

/// <summary>
/// An inbound MQTT message that failed the same way on several deliveries and was acknowledged anyway, so it could not
/// hold up the messages behind it: kept here with why, for someone to look at.
/// </summary>
public sealed class DeadLetterRecord
{
    /// <summary>Hex SHA-256 of topic and payload: the same message redelivered (or sent again) is one row.</summary>
    public const int FingerprintLength = 64;

    public const int TopicMaxLength = 512;

    public const int ReasonMaxLength = 1024;

    /// <summary>The payload's leading bytes kept: a whole prompt (8 KiB of text by default), never a 4 MiB frame.</summary>
    public const int PayloadMaxBytes = 16 * 1024;

    public long Id { get; set; }

    public required string Fingerprint { get; set; }

    public required string Topic { get; set; }

    /// <summary>At most <see cref="PayloadMaxBytes"/> leading bytes of the payload.</summary>
    public required byte[] Payload { get; set; }

    /// <summary>The whole payload's length.</summary>
    public int PayloadBytes { get; set; }

    public required string Reason { get; set; }

    public DateTimeOffset FirstFailedAt { get; set; }

    public DateTimeOffset LastFailedAt { get; set; }

    /// <summary>Failed deliveries, over every time the message was dead-lettered.</summary>
    public int Attempts { get; set; }
}
