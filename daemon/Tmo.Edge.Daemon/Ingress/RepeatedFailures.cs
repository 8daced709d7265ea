using System.Security.Cryptography;
using System.Text;
using Tmo.Edge.Core.Messaging;

namespace Tmo.Edge.Daemon.Ingress;

/// <summary>
/// How often each inbound message (by fingerprint: SHA-256 of topic and payload) has failed on delivery so far, so
/// that one that keeps failing can be given up on. Bounded: past <see cref="MaxTracked"/> messages the one that failed
/// longest ago is forgotten (it would only count from one again).
/// </summary>
public sealed class RepeatedFailures
{
    public const int MaxTracked = 1024;

    private readonly Dictionary<string, MessageFailures> _byFingerprint = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byFingerprint.Count;
            }
        }
    }

    /// <summary>Hex SHA-256 over the topic's UTF-8, a zero byte and the payload.</summary>
    public static string Fingerprint(InboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(message.Topic));
        hash.AppendData([0]);
        hash.AppendData(message.Payload.Span);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Counts one more failed delivery and returns the message's tally so far.</summary>
    public MessageFailures Add(string fingerprint, string reason, DateTimeOffset at)
    {
        lock (_lock)
        {
            var failures = _byFingerprint.TryGetValue(fingerprint, out var earlier)
                ? earlier with { Attempts = earlier.Attempts + 1, LastFailedAt = at, Reason = reason }
                : new MessageFailures(1, at, at, reason);
            if (earlier is null && _byFingerprint.Count >= MaxTracked)
            {
                _byFingerprint.Remove(_byFingerprint.MinBy(entry => entry.Value.LastFailedAt).Key);
            }

            _byFingerprint[fingerprint] = failures;
            return failures;
        }
    }

    public void Forget(string fingerprint)
    {
        lock (_lock)
        {
            _byFingerprint.Remove(fingerprint);
        }
    }

    /// <summary>Cheap enough for every accepted message: nothing to look up while nothing is failing.</summary>
    public bool IsEmpty
    {
        get
        {
            lock (_lock)
            {
                return _byFingerprint.Count == 0;
            }
        }
    }
}

/// <summary>One message's failed deliveries: how many, from when to when, and the last one's reason.</summary>
public sealed record MessageFailures(int Attempts, DateTimeOffset FirstFailedAt, DateTimeOffset LastFailedAt, string Reason);
