using Microsoft.Extensions.Logging;

namespace Tmo.Edge.Daemon.Doctor;

/// <summary>
/// Collects what the telemetry readers report as unreadable (<see cref="Telemetry.SensorFiles.Report"/>: the file or
/// tool and the reason), so each null reading can be explained by the files it comes from.
/// </summary>
internal sealed class UnreadableReadings : ILogger
{
    private readonly List<(string Origin, string Reason)> _reports = [];

    public IReadOnlyList<(string Origin, string Reason)> Reports => _reports;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (state is IReadOnlyList<KeyValuePair<string, object?>> fields
            && fields.FirstOrDefault(f => f.Key == "Origin").Value is string origin
            && fields.FirstOrDefault(f => f.Key == "Reason").Value is string reason)
        {
            _reports.Add((origin, reason));
        }
    }

    /// <summary>The reports about files or tools whose path contains one of <paramref name="markers"/>, as "path: reason".</summary>
    public string? About(string root, params string[] markers)
    {
        var matching = _reports
            .Where(r => markers.Any(m => r.Origin.Contains(m, StringComparison.Ordinal)))
            .Select(r => $"{Shown(root, r.Origin)}: {r.Reason}")
            .ToList();
        return matching.Count > 0 ? string.Join("; ", matching) : null;
    }

    private static string Shown(string root, string origin) =>
        root != "/" && origin.StartsWith(root, StringComparison.Ordinal) ? "/" + origin[root.Length..].TrimStart('/') : origin;
}
