using System.Text.Json;

namespace Tmo.Edge.Policy.Dataset;

/// <summary>
/// Writes a dialogue set in the M4A1 JSON format, so synthetic sets and a device's own export feed every tool that
/// reads M4A1.
/// </summary>
public static class M4A1Writer
{
    public static byte[] Serialize(DialogueDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Serialize(dataset.Episodes);
    }

    /// <summary>The episodes as an M4A1 array; none gives an empty array (which the loader refuses to train on).</summary>
    public static byte[] Serialize(IEnumerable<DialogueEpisode> episodes)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var episode in episodes)
            {
                WriteEpisode(json, episode);
            }

            json.WriteEndArray();
        }

        return buffer.ToArray();
    }

    private static void WriteEpisode(Utf8JsonWriter json, DialogueEpisode episode)
    {
        json.WriteStartObject();
        json.WriteNumber("id", episode.Id);
        json.WriteStartArray("image_paths");
        foreach (var path in episode.ImagePaths)
        {
            json.WriteStringValue(path);
        }

        json.WriteEndArray();
        json.WriteStartArray("interactions");
        foreach (var turn in episode.Turns)
        {
            json.WriteStartObject();
            json.WriteString("question", turn.Question);
            json.WriteString("task_cat", turn.Task);
            json.WriteNumber("action", turn.Cloud ? 1 : 0);
            if (turn.UploadedViews.Count == 0)
            {
                json.WriteNull("image_index");
            }
            else
            {
                json.WriteStartArray("image_index");
                foreach (var view in turn.UploadedViews)
                {
                    json.WriteNumberValue(view);
                }

                json.WriteEndArray();
            }

            json.WriteString("answer", turn.Answer);
            if (turn.Scored)
            {
                json.WriteNumber("score", turn.Score);
            }
            else
            {
                json.WriteNull("score");
            }

            json.WriteNumber("interaction_time", turn.InteractionTimeS);
            json.WriteNumber("usage_cost", turn.UsageUsd);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("association_score");
        foreach (var row in episode.Association)
        {
            json.WriteStartArray();
            foreach (var value in row)
            {
                json.WriteNumberValue(value);
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
