using Microsoft.Extensions.Logging;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>Warnings and errors of a one-shot command as "warning: ..." lines on the command's error output.</summary>
internal sealed class StderrLoggerProvider(TextWriter stderr) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Writer(stderr);

    public void Dispose()
    {
    }

    private sealed class Writer(TextWriter stderr) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lock (stderr)
                {
                    stderr.WriteLine($"{(logLevel == LogLevel.Warning ? "warning" : "error")}: {formatter(state, exception)}");
                }
            }
        }
    }
}
