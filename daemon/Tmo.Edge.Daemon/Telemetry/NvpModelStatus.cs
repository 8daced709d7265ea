using System.Globalization;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// The Jetson power mode from `/var/lib/nvpmodel/status` ("pmode:0001 fmode:quiet"): the mode number without
/// leading zeros ("1"), or null where nvpmodel is not installed.
/// </summary>
public sealed class NvpModelStatus(SensorFiles files)
{
    private readonly string _file = files.Resolve("/var/lib/nvpmodel/status");

    public string? Read()
    {
        var text = files.OptionalText(_file);
        if (text is null)
        {
            return null;
        }

        foreach (var field in text.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (field.StartsWith("pmode:", StringComparison.Ordinal)
                && int.TryParse(field.AsSpan("pmode:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var mode))
            {
                return mode.ToString(CultureInfo.InvariantCulture);
            }
        }

        files.Report(_file, $"no pmode in '{(text.Length > 40 ? text[..40] : text)}'");
        return null;
    }
}
