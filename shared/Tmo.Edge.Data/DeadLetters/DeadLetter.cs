using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.DeadLetters;

/// <summary>A message given up on: where it came, what it held, why it failed and how often, from when to when.</summary>
public sealed record DeadLetter(
    string Fingerprint,
    string Topic,
    ReadOnlyMemory<byte> Payload,
    string Reason,
    int Attempts,
    DateTimeOffset FirstFailedAt,
    DateTimeOffset LastFailedAt)
{
    internal DeadLetterRecord ToRecord() => new()
    {
        Fingerprint = Fingerprint,
        Topic = Cap(Topic, DeadLetterRecord.TopicMaxLength),
        Payload = Payload[..Math.Min(Payload.Length, DeadLetterRecord.PayloadMaxBytes)].ToArray(),
        PayloadBytes = Payload.Length,
        Reason = Cap(Reason, DeadLetterRecord.ReasonMaxLength),
        Attempts = Attempts,
        FirstFailedAt = FirstFailedAt,
        LastFailedAt = LastFailedAt,
    };

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(Fingerprint.Length, DeadLetterRecord.FingerprintLength, nameof(Fingerprint));
        ArgumentOutOfRangeException.ThrowIfLessThan(Attempts, 1, nameof(Attempts));
    }

    private static string Cap(string text, int maxLength) => text.Length <= maxLength ? text : text[..maxLength];
}
