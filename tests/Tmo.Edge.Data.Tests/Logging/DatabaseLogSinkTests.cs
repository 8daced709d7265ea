using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmo.Edge.Data.Logging;

namespace Tmo.Edge.Data.Tests.Logging;

public sealed class DatabaseLogSinkTests
{
    [Fact]
    public async Task Warnings_and_worse_are_stored_with_their_process_and_information_is_not()
    {
        await using var database = await TestDatabase.CreateAsync();
        var sink = new DatabaseLogSink(Options(database), database.Time);
        using var provider = new DatabaseLoggerProvider(sink, database.Time, "daemon");
        var logger = provider.CreateLogger("Tmo.Edge.Daemon.Ingress.InboundRouter");

        Log(logger, LogLevel.Information, 0, "First start: the password is s3cret");
        Log(logger, LogLevel.Warning, 7, "Rejected a message on tmo/dev1/in/prompt");
        Log(logger, LogLevel.Error, 0, "Journal write failed", new InvalidOperationException("disk full"));
        await sink.DisposeAsync();

        await using var db = database.NewContext();
        var events = await db.LogEvents.OrderBy(e => e.Id).ToListAsync();
        Assert.Collection(
            events,
            warning =>
            {
                Assert.Equal(("daemon", "Warning", 7), (warning.Source, warning.Level, warning.EventId));
                Assert.Equal("Rejected a message on tmo/dev1/in/prompt", warning.Message);
                Assert.Equal("Tmo.Edge.Daemon.Ingress.InboundRouter", warning.Category);
                Assert.Equal(TestDatabase.Start, warning.At);
                Assert.Null(warning.Exception);
            },
            error =>
            {
                Assert.Equal("Error", error.Level);
                Assert.Contains("disk full", error.Exception, StringComparison.Ordinal);
            });
        Assert.DoesNotContain(events, e => e.Message.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Events_older_than_the_retention_period_are_deleted_when_the_sink_writes()
    {
        await using var database = await TestDatabase.CreateAsync();
        var old = (TestDatabase.Start - TimeSpan.FromDays(31)).UtcTicks;
        await database.ExecuteSqlAsync(
            $"INSERT INTO LogEvents (At, Source, Level, Category, EventId, Message) VALUES ({old}, 'console', 'Warning', 'x', 0, 'old')");
        var sink = new DatabaseLogSink(Options(database), database.Time);
        using var provider = new DatabaseLoggerProvider(sink, database.Time, "console");

        Log(provider.CreateLogger("y"), LogLevel.Warning, 0, "new");
        await sink.DisposeAsync();

        await using var db = database.NewContext();
        Assert.Equal("new", Assert.Single(await db.LogEvents.ToListAsync()).Message);
    }

    [Fact]
    public async Task Events_dropped_while_the_table_cannot_be_written_are_counted_in_a_warning_so_none_is_lost_silently()
    {
        await using var database = await TestDatabase.CreateAsync();
        await database.ExecuteSqlAsync("ALTER TABLE LogEvents RENAME TO LogEventsAway");
        var sink = new DatabaseLogSink(Options(database), database.Time);
        using var provider = new DatabaseLoggerProvider(sink, database.Time, "daemon");
        var logger = provider.CreateLogger("z");

        // The writer fails on the missing table and waits to retry on the fake clock; meanwhile more events arrive
        // than the queue holds.
        const int Logged = DatabaseLogSink.QueueCapacity + 500;
        for (var i = 0; i < Logged; i++)
        {
            Log(logger, LogLevel.Warning, 0, $"event {i}");
        }

        await database.ExecuteSqlAsync("ALTER TABLE LogEventsAway RENAME TO LogEvents");
        var disposed = sink.DisposeAsync().AsTask();
        while (!disposed.IsCompleted)
        {
            database.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        await disposed;
        await using var db = database.NewContext();
        var events = await db.LogEvents.OrderBy(e => e.Id).ToListAsync();
        var notice = Assert.Single(events, e => e.Category == typeof(DatabaseLogSink).FullName);
        var dropped = int.Parse(notice.Message.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Matches(@"^\d+ earlier log events were not kept: \d+ arrived faster than they could be written", notice.Message);
        Assert.Equal(("daemon", "Warning"), (notice.Source, notice.Level));
        Assert.True(dropped > 0);
        Assert.Equal(Logged, events.Count - 1 + dropped);
    }

    private static void Log(ILogger logger, LogLevel level, int eventId, string message, Exception? exception = null) =>
        logger.Log(level, new EventId(eventId), message, exception, (text, _) => text);

    private static IOptions<StorageOptions> Options(TestDatabase database) =>
        Microsoft.Extensions.Options.Options.Create(new StorageOptions { DataDirectory = database.DataDirectory, RetentionDays = 30 });
}
