using Microsoft.Extensions.Logging;

namespace Tmo.Edge.Console.History;

/// <summary>The Logs page's filters.</summary>
public sealed record LogFilter(LogLevel MinimumLevel = LogLevel.Warning, string? Source = null, string? Category = null, string? Text = null);
