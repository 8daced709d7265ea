using System.Buffers;
using System.Text;
using System.Text.Json;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Journal;

/// <summary>
/// The JSON text of a turn's list columns exactly as EF writes them (Utf8JsonWriter with default options: compact,
/// shortest round-trip numbers, property names as declared), so rows the journal writes are byte-for-byte those EF
/// would have written and EF reads them back unchanged.
/// </summary>
internal static class JournalJson
{
    public static string Ints(IReadOnlyList<int> values) => Write(values, static (writer, value) => writer.WriteNumberValue(value));

    public static string Floats(IReadOnlyList<float> values) => Write(values, static (writer, value) => writer.WriteNumberValue(value));

    /// <summary>The masked actions as <see cref="MaskedActionRecord"/>s: the action and its reason, not the kind.</summary>
    public static string Masked(IReadOnlyList<MaskedDecision> values) => Write(values, static (writer, value) =>
    {
        writer.WriteStartObject();
        writer.WriteNumber(nameof(MaskedActionRecord.Action), value.Action);
        writer.WriteString(nameof(MaskedActionRecord.Reason), value.Reason);
        writer.WriteEndObject();
    });

    private static string Write<T>(IReadOnlyList<T> values, Action<Utf8JsonWriter, T> writeOne)
    {
        if (values.Count == 0)
        {
            return "[]";
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writeOne(writer, value);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
