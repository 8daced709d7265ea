using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Tmo.Edge.Data.Logging;

public static class LoggingBuilderExtensions
{
    /// <summary>
    /// Keeps warning-and-worse log events in the database (the console's Logs page), tagged with
    /// <paramref name="source"/>; needs <see cref="Extensions.AddTmoEdgeData"/> for the data directory.
    /// </summary>
    public static ILoggingBuilder AddTmoEdgeDatabase(this ILoggingBuilder builder, string source)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(source);
        builder.Services.TryAddSingleton<DatabaseLogSink>();
        builder.Services.AddSingleton<ILoggerProvider>(provider => new DatabaseLoggerProvider(
            provider.GetRequiredService<DatabaseLogSink>(), provider.GetRequiredService<TimeProvider>(), source));
        return builder;
    }
}
