using System.Text;
using Tmo.Edge.Core.Runners;

namespace Tmo.Edge.Daemon.Runners;

/// <summary>The user message a real LLM gets for a turn: the prompt, then the latest sensor readings as context.</summary>
public static class PromptText
{
    public static string Compose(RunnerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Sensors.Count == 0)
        {
            return request.Prompt;
        }

        var text = new StringBuilder(request.Prompt).Append("\n\nSensor readings (latest):");
        foreach (var (name, json) in request.Sensors.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.Append("\n- ").Append(name).Append(": ").Append(json);
        }

        return text.ToString();
    }
}
