using System.Text.Json;

namespace Tmo.Edge.Policy.Dataset;

/// <summary>Validates and converts one episode element; every error names the episode (and turn) at fault.</summary>
internal sealed class EpisodeReader(string source, int index, JsonElement element)
{
    private string _where = $"{source}: episode #{index}";

    public DialogueEpisode Read()
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error("must be an object");
        }

        var id = element.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.Number && idElement.TryGetInt32(out var parsed)
            ? parsed
            : index;
        _where = $"{source}: episode {id}";

        var imagePaths = element.TryGetProperty("image_paths", out var paths) && paths.ValueKind == JsonValueKind.Array
            ? paths.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.String ? StringOf(p, "image_paths") : throw Error("image_paths must hold strings")).ToArray()
            : [];

        var association = ReadAssociation();
        var modalityCount = association[0].Length;
        if (imagePaths.Length != 0 && imagePaths.Length != modalityCount)
        {
            throw Error($"has {imagePaths.Length} image paths but {modalityCount} association columns");
        }

        var interactions = Required(element, "interactions", JsonValueKind.Array);
        var turns = interactions.EnumerateArray().Select((turn, i) => ReadTurn(turn, i + 1, modalityCount)).ToArray();
        if (turns.Length == 0)
        {
            throw Error("has no interactions");
        }

        if (turns.Length != association.Length)
        {
            throw Error($"has {turns.Length} interactions but {association.Length} association rows");
        }

        return new DialogueEpisode(id, imagePaths, turns, association);
    }

    private double[][] ReadAssociation()
    {
        var rows = Required(element, "association_score", JsonValueKind.Array).EnumerateArray().Select((row, i) =>
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() == 0)
            {
                throw Error($"association_score row {i + 1} must be a non-empty array of numbers");
            }

            return row.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number && double.IsFinite(v.GetDouble())
                ? v.GetDouble()
                : throw Error($"association_score row {i + 1} holds something other than a finite number")).ToArray();
        }).ToArray();

        if (rows.Length == 0)
        {
            throw Error("has an empty association_score");
        }

        if (rows.Any(r => r.Length != rows[0].Length))
        {
            throw Error("association_score rows differ in width");
        }

        return rows;
    }

    private DialogueTurn ReadTurn(JsonElement turn, int number, int modalityCount)
    {
        var where = $"turn {number}";
        if (turn.ValueKind != JsonValueKind.Object)
        {
            throw Error($"{where} must be an object");
        }

        var action = Number(turn, "action", where);
        if (action is not (0 or 1))
        {
            throw Error($"{where}: action must be 0 (local) or 1 (cloud), got {action}");
        }

        var views = ReadViews(turn, where, modalityCount);
        if (action == 0 && views.Length != 0)
        {
            throw Error($"{where}: a local turn cannot upload views");
        }

        // A null score is an unrated turn of a device's export (its history); M4A1 itself rates every turn.
        var scored = !(turn.TryGetProperty("score", out var score) && score.ValueKind == JsonValueKind.Null);
        return new DialogueTurn(
            Text(turn, "question", where),
            Text(turn, "task_cat", where),
            action == 1,
            views,
            Text(turn, "answer", where),
            scored ? Number(turn, "score", where) : 0,
            turn.TryGetProperty("interaction_time", out _) ? Number(turn, "interaction_time", where) : 0,
            turn.TryGetProperty("usage_cost", out _) ? Number(turn, "usage_cost", where) : 0)
        {
            Scored = scored,
        };
    }

    private int[] ReadViews(JsonElement turn, string where, int modalityCount)
    {
        if (!turn.TryGetProperty("image_index", out var views) || views.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (views.ValueKind != JsonValueKind.Array)
        {
            throw Error($"{where}: image_index must be null or an array of modality indices");
        }

        var result = views.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var m) && m >= 0 && m < modalityCount
            ? m
            : throw Error($"{where}: image_index entry {v.GetRawText()} is not a modality index in [0, {modalityCount})")).ToArray();
        if (result.Distinct().Count() != result.Length)
        {
            throw Error($"{where}: image_index repeats a modality");
        }

        return result;
    }

    private string Text(JsonElement turn, string name, string where) =>
        turn.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? StringOf(value, $"{where}: '{name}'")
            : throw Error($"{where}: '{name}' must be a string");

    /// <summary>The string, or a dataset error when it escapes half of a UTF-16 surrogate pair (valid JSON, not text).</summary>
    private string StringOf(JsonElement value, string what)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Error($"{what} holds an unpaired UTF-16 surrogate escape, which is not text");
        }
    }

    private double Number(JsonElement turn, string name, string where) =>
        turn.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && double.IsFinite(value.GetDouble())
            ? value.GetDouble()
            : throw Error($"{where}: '{name}' must be a finite number");

    private JsonElement Required(JsonElement parent, string name, JsonValueKind kind) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == kind
            ? value
            : throw Error($"'{name}' is missing or not {(kind == JsonValueKind.Array ? "an array" : kind.ToString())}");

    private DatasetFormatException Error(string what) => new($"{_where} {what}.");
}
