using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Tmo.Edge.TestSupport.Logging;

public sealed record LogEntry(TimeSpan At, string Category, LogLevel Level, string EventName, string Message, Exception? Exception)
{
    public override string ToString() => $"{At.TotalMilliseconds,7:0} ms {Level} {Category} [{EventName}] {Message}{(Exception is null ? "" : $" ({Exception.GetType().Name}: {Exception.Message})")}";
}

/// <summary>Keeps every log entry so that a test can fail on the ones it did not expect; echoes them to the test output.</summary>
public sealed class RecordingLoggerProvider(ITestOutputHelper? output) : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Record(LogEntry entry)
    {
        _entries.Enqueue(entry);
        try
        {
            output?.WriteLine(entry.ToString());
        }
        catch (InvalidOperationException)
        {
            // The test has already finished; a late shutdown line has nowhere to go.
        }
    }

    private sealed class RecordingLogger(RecordingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Record(new LogEntry(provider._clock.Elapsed, category, logLevel, eventId.Name ?? "", formatter(state, exception), exception));
    }
}
