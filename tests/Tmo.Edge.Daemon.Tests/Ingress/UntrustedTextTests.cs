using Tmo.Edge.Daemon.Ingress;

namespace Tmo.Edge.Daemon.Tests.Ingress;

public sealed class UntrustedTextTests
{
    [Fact]
    public void Ordinary_text_is_kept_as_it_is() =>
        Assert.Equal("tmo/dev1/in/prompt — küche 🍽", UntrustedText.Excerpt("tmo/dev1/in/prompt — küche 🍽"));

    [Fact]
    public void Line_breaks_and_control_characters_are_escaped_so_no_log_line_can_be_forged() =>
        Assert.Equal("a\\nb\\rc\\td\\u0000e\\u001bf\\u2028", UntrustedText.Excerpt("a\nb\rc\td\0e\u001bf\u2028"));

    [Fact]
    public void An_unpaired_surrogate_is_escaped() =>
        Assert.Equal("x\\ud800y", UntrustedText.Excerpt("x\ud800y"));

    [Fact]
    public void Long_text_is_cut_with_a_marker_and_escapes_count_towards_the_bound()
    {
        var excerpt = UntrustedText.Excerpt(new string('\n', 1000), 10);

        Assert.Equal("\\n\\n\\n\\n\\n" + UntrustedText.TruncationMarker, excerpt);
    }

    [Fact]
    public void A_surrogate_pair_is_never_split_by_the_cut() =>
        Assert.Equal("ab" + UntrustedText.TruncationMarker, UntrustedText.Excerpt("ab😀cd", 3));

    [Fact]
    public void Payload_bytes_are_decoded_replacing_what_is_not_utf8_and_bounded()
    {
        byte[] payload = [.. "ok\n"u8, 0xFF, 0xFE, .. new byte[10_000]];

        var excerpt = UntrustedText.Excerpt(payload, 20);

        Assert.StartsWith("ok\\n\ufffd\ufffd\\u0000", excerpt, StringComparison.Ordinal);
        Assert.EndsWith(UntrustedText.TruncationMarker.ToString(), excerpt, StringComparison.Ordinal);
        Assert.True(excerpt.Length <= 21);
    }
}
