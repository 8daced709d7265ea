using Microsoft.Extensions.Logging;

namespace Tmo.Edge.Data.Logging;

/// <summary>
/// Sends warning-and-worse events of every category to <see cref="DatabaseLogSink"/>, tagged with the process that
/// logged them, so the console shows the daemon's and its own problems side by side. Information is left to the
/// journal: it is high-volume and may carry what must not be stored (the console's first-start password).
/// </summary>
[ProviderAlias("Database")]
public sealed class DatabaseLoggerProvider(DatabaseLogSink sink, TimeProvider time, string source) : ILoggerProvider
{
    public const LogLevel MinimumLevel = LogLevel.Warning;

    public ILogger CreateLogger(string categoryName) => new DatabaseLogger(categoryName, this);

    public void Dispose()
    {
        // The sink is a DI singleton; the container flushes and disposes it.
    }

    private void Write(string category, LogLevel level, EventId eventId, string message, Exception? exception) =>
        sink.Enqueue(new Records.LogEventRecord
        {
            At = time.GetUtcNow(),
            Source = source,
            Level = level.ToString(),
            Category = category.Length <= Records.LogEventRecord.CategoryMaxLength ? category : category[..Records.LogEventRecord.CategoryMaxLength],
            EventId = eventId.Id,
            Message = message.Length <= DatabaseLogSink.MaxMessageLength ? message : message[..DatabaseLogSink.MaxMessageLength],
            Exception = exception?.ToString(),
        });

    private sealed class DatabaseLogger(string category, DatabaseLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= MinimumLevel && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            ArgumentNullException.ThrowIfNull(formatter);
            provider.Write(category, logLevel, eventId, formatter(state, exception), exception);
        }
    }
}
