using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Console.History;

/// <summary>Stored log events of the daemon and the console, newest first.</summary>
public sealed class LogHistory(IDbContextFactory<TmoEdgeDbContext> contexts)
{
    public async Task<IReadOnlyList<LogEventRecord>> LatestAsync(LogFilter filter, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var levels = Enum.GetValues<LogLevel>()
            .Where(l => l >= filter.MinimumLevel && l != LogLevel.None)
            .Select(l => l.ToString())
            .ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var events = db.LogEvents.AsNoTracking().Where(e => levels.Contains(e.Level));
        if (!string.IsNullOrEmpty(filter.Source))
        {
            events = events.Where(e => e.Source == filter.Source);
        }

        if (!string.IsNullOrWhiteSpace(filter.Category))
        {
            var category = filter.Category.Trim();
            events = events.Where(e => e.Category.Contains(category));
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            events = events.Where(e => e.Message.Contains(text) || (e.Exception != null && e.Exception.Contains(text)));
        }

        return await events.OrderByDescending(e => e.Id).Take(count).ToListAsync(cancellationToken);
    }
}
