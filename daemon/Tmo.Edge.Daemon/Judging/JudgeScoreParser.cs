using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tmo.Edge.Daemon.Judging;

/// <summary>
/// Reads the rating out of a judge model's reply. Models asked for <c>{"score": n}</c> also answer with the object in a
/// code fence or in prose, or with "Score: 7/10", "Rating: 8" or a bare "7/10"; every such rating found is collected,
/// and the reply counts only when they agree on one value within the 1-10 scale. Anything else (no score, several
/// different ones, a score out of range or not a number) is refused with the reason, never guessed.
/// </summary>
public static partial class JudgeScoreParser
{
    /// <summary>A rating is near the start of any sensible reply; a longer one is cut before it is searched.</summary>
    public const int MaxReplyChars = 4_096;

    public static JudgeScore Parse(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            return JudgeScore.Refused("empty reply");
        }

        var text = reply.Length > MaxReplyChars ? reply[..MaxReplyChars] : reply;
        var found = new List<double>();
        foreach (Match json in JsonObject().Matches(text))
        {
            if (ScoreInJson(json.Value) is { } fromJson)
            {
                if (fromJson.Refusal is { } refusal)
                {
                    return JudgeScore.Refused(refusal);
                }

                found.Add(fromJson.Value);
            }
        }

        foreach (Match labelled in LabelledScore().Matches(text))
        {
            found.Add(Number(labelled.Groups["n"].Value));
        }

        foreach (Match outOfTen in OutOfTen().Matches(text))
        {
            found.Add(Number(outOfTen.Groups["n"].Value));
        }

        var distinct = found.Distinct().ToList();
        return distinct switch
        {
            [] => JudgeScore.Refused("no score in the reply"),
            [var only] when !double.IsFinite(only) => JudgeScore.Refused("the score is not a number"),
            [var only] when only is < JudgeScore.Lowest or > JudgeScore.Highest =>
                JudgeScore.Refused($"score {only.ToString(CultureInfo.InvariantCulture)} is outside {JudgeScore.Lowest:0}-{JudgeScore.Highest:0}"),
            [var only] => JudgeScore.Rated(only),
            _ => JudgeScore.Refused($"conflicting scores: {string.Join(", ", distinct.Select(d => d.ToString(CultureInfo.InvariantCulture)))}"),
        };
    }

    /// <returns>Null when the object is not JSON or has no "score"; a refusal when its score is not a number.</returns>
    private static (double Value, string? Refusal)? ScoreInJson(string candidate)
    {
        try
        {
            using var document = JsonDocument.Parse(candidate);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!property.Name.Equals("score", StringComparison.OrdinalIgnoreCase)
                    && !property.Name.Equals("rating", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                return property.Value.ValueKind switch
                {
                    JsonValueKind.Number => (property.Value.GetDouble(), null),
                    JsonValueKind.String when double.TryParse(property.Value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) =>
                        (parsed, null),
                    _ => (double.NaN, "the score is not a number"),
                };
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static double Number(string digits) => double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>A flat JSON object (the judge is asked for one with a single number: no nesting to follow).</summary>
    [GeneratedRegex(@"\{[^{}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex JsonObject();

    /// <summary>"Score: 7", "rating = 8.5", "Score 7/10"; not a JSON key (quoted), which <see cref="JsonObject"/> reads.</summary>
    [GeneratedRegex(@"\b(?:score|rating)\b\s*[:=]?\s*(?<n>[-+]?\d{1,3}(?:\.\d+)?)(?!\.?\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LabelledScore();

    /// <summary>"7/10", "7 / 10", "7 out of 10." (a full stop after it is not a decimal point).</summary>
    [GeneratedRegex(@"(?<![\d.])(?<n>[-+]?\d{1,3}(?:\.\d+)?)\s*(?:/|out\s+of)\s*10(?!\.?\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OutOfTen();
}
