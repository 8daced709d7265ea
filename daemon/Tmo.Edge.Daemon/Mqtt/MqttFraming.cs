namespace Tmo.Edge.Daemon.Mqtt;

/// <summary>
/// Follows the MQTT packet boundaries in a byte stream as it is read (fixed header: one byte of type and flags, then
/// the remaining length as a variable byte integer, MQTT 5 section 1.5.5), so that a packet can be refused by its
/// announced size before its body is read, let alone buffered. Not thread-safe: one per connection's reader.
/// </summary>
internal sealed class MqttFraming(int maxPacketBytes)
{
    private const int MaxLengthBytes = 4;

    private State _state = State.TypeByte;
    private long _remaining;
    private int _lengthBytes;
    private int _shift;

    private enum State
    {
        TypeByte,
        RemainingLength,
        Body,
    }

    public int MaxPacketBytes => maxPacketBytes;

    /// <summary>
    /// Takes the next bytes read; the size of the packet that breaks the limit (at least what its header announces so
    /// far), or null while every packet fits.
    /// </summary>
    public long? Advance(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            switch (_state)
            {
                case State.TypeByte:
                    (_state, _remaining, _lengthBytes, _shift) = (State.RemainingLength, 0, 0, 0);
                    bytes = bytes[1..];
                    break;
                case State.RemainingLength:
                    var next = bytes[0];
                    bytes = bytes[1..];
                    _remaining |= (long)(next & 0x7F) << _shift;
                    _shift += 7;
                    _lengthBytes++;
                    // The remaining length only grows with further bytes: refuse as soon as it is too large.
                    var announced = 1 + _lengthBytes + _remaining;
                    if (announced > maxPacketBytes || (_lengthBytes == MaxLengthBytes && (next & 0x80) != 0))
                    {
                        return Math.Max(announced, maxPacketBytes + 1L);
                    }

                    if ((next & 0x80) == 0)
                    {
                        _state = _remaining == 0 ? State.TypeByte : State.Body;
                    }

                    break;
                case State.Body:
                    var skipped = (int)Math.Min(_remaining, bytes.Length);
                    bytes = bytes[skipped..];
                    _remaining -= skipped;
                    if (_remaining == 0)
                    {
                        _state = State.TypeByte;
                    }

                    break;
            }
        }

        return null;
    }
}
