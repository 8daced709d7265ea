using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Tmo.Edge.TestSupport.Fuzzing;

/// <summary>
/// Bad input made from good input: truncated, bit-flipped, spliced with JSON and UTF-8 trouble, nested deep, or plain
/// random bytes. Every parser's property is the same: a valid result or its own clear error, never anything else.
/// </summary>
public static class FuzzInputs
{
    private static readonly byte[][] Trouble =
    [
        "\""u8.ToArray(), "{"u8.ToArray(), "}"u8.ToArray(), "["u8.ToArray(), "]"u8.ToArray(), ","u8.ToArray(), ":"u8.ToArray(),
        "null"u8.ToArray(), "true"u8.ToArray(), "-1e309"u8.ToArray(), "1e400"u8.ToArray(), "NaN"u8.ToArray(), "-0"u8.ToArray(),
        "99999999999999999999999"u8.ToArray(), "\"\\u0000\""u8.ToArray(), "\"\\ud800\""u8.ToArray(), "{}"u8.ToArray(), "[]"u8.ToArray(),
        [0xC0, 0xAF], [0xFF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x00], [0xEF, 0xBB, 0xBF],
    ];

    /// <summary>Mutations of <paramref name="valid"/>, plus random bytes and deep nesting.</summary>
    public static Arbitrary<byte[]> MutationsOf(byte[] valid) => Gen.OneOf(
            Truncated(valid),
            Flipped(valid),
            Spliced(valid),
            Nested(valid),
            RandomBytes())
        .ToArbitrary();

    public static Gen<byte[]> RandomBytes() =>
        Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf();

    private static Gen<byte[]> Truncated(byte[] valid) =>
        Gen.Choose(0, Math.Max(0, valid.Length - 1)).Select(length => valid[..length]);

    private static Gen<byte[]> Flipped(byte[] valid) =>
        from count in Gen.Choose(1, 8)
        from positions in Gen.Choose(0, Math.Max(0, valid.Length - 1)).ArrayOf(count)
        from values in Gen.Choose(0, 255).ArrayOf(count)
        select Flip(valid, positions, values);

    private static Gen<byte[]> Spliced(byte[] valid) =>
        from start in Gen.Choose(0, valid.Length)
        from length in Gen.Choose(0, Math.Min(32, valid.Length - start))
        from insert in Gen.Elements(Trouble)
        select (byte[])[.. valid[..start], .. insert, .. valid[(start + length)..]];

    private static Gen<byte[]> Nested(byte[] valid) =>
        Gen.Choose(1, 5000).Select(depth => Encoding.UTF8.GetBytes(new string('[', depth) + Encoding.UTF8.GetString(valid) + new string(']', depth)));

    private static byte[] Flip(byte[] valid, int[] positions, int[] values)
    {
        var copy = valid.ToArray();
        for (var i = 0; i < positions.Length && copy.Length > 0; i++)
        {
            copy[positions[i]] = (byte)values[i];
        }

        return copy;
    }
}
