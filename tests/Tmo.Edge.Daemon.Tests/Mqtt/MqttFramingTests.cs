using Tmo.Edge.Daemon.Mqtt;

namespace Tmo.Edge.Daemon.Tests.Mqtt;

public sealed class MqttFramingTests
{
    [Fact]
    public void Packets_within_the_limit_pass_however_the_bytes_are_split()
    {
        // PINGREQ (no body), then a PUBLISH of 200 bytes in all, then another PINGREQ.
        byte[] stream = [0xC0, 0x00, 0x30, 198, .. new byte[198], 0xC0, 0x00];
        var framing = new MqttFraming(200);

        foreach (var piece in stream.Chunk(3))
        {
            Assert.Null(framing.Advance(piece));
        }
    }

    [Fact]
    public void A_packet_is_refused_by_its_header_before_any_of_its_body()
    {
        var framing = new MqttFraming(1000);

        // 100,000,000 as a variable byte integer is 0x80 0xC2 0xD7 0x2F; its second byte already says 8,448 or more.
        Assert.Null(framing.Advance([0x30, 0x80]));
        Assert.Equal(1 + 2 + (0x42 << 7), framing.Advance([0xC2]));
    }

    [Fact]
    public void A_remaining_length_longer_than_four_bytes_is_refused() =>
        Assert.NotNull(new MqttFraming(int.MaxValue).Advance([0x30, 0xFF, 0xFF, 0xFF, 0xFF]));

    [Fact]
    public void A_packet_exactly_at_the_limit_passes_and_one_byte_more_does_not()
    {
        // A remaining length of 128 (0x80 0x01): 1 + 2 + 128 = 131 bytes in all.
        Assert.Null(new MqttFraming(131).Advance([0x30, 0x80, 0x01]));
        Assert.Equal(131, new MqttFraming(130).Advance([0x30, 0x80, 0x01]));
    }
}
