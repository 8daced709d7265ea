using System.Buffers.Text;
using System.Globalization;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// The Jetson power mode from `/var/lib/nvpmodel/status` ("pmode:0001 fmode:quiet"): the mode number without
/// leading zeros ("1"), or null where nvpmodel is not installed (looked for once: it is installed with L4T).
/// </summary>
public sealed class NvpModelStatus(SensorFiles files)
{
    private readonly string _file = files.Resolve("/var/lib/nvpmodel/status");
    private bool? _installed;
    private int _lastMode = -1;
    private string? _lastText;

    public string? Read()
    {
        _installed ??= File.Exists(_file);
        if (_installed == false)
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[256];
        var length = files.Read(_file, buffer);
        if (length < 0)
        {
            return null;
        }

        var text = buffer[..length];
        var at = text.IndexOf("pmode:"u8);
        if (at >= 0 && Utf8Parser.TryParse(text[(at + "pmode:".Length)..], out int mode, out var consumed) && consumed > 0 && mode >= 0)
        {
            // The mode rarely changes: keep its string rather than formatting one every second.
            if (mode != _lastMode)
            {
                _lastMode = mode;
                _lastText = mode.ToString(CultureInfo.InvariantCulture);
            }

            return _lastText;
        }

        var shown = System.Text.Encoding.UTF8.GetString(text.Trim(" \n\0"u8));
        files.Report(_file, $"no pmode in '{(shown.Length > 40 ? shown[..40] : shown)}'");
        return null;
    }
}
