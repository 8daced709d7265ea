using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tmo.Edge.Console.Live;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Data.Settings;
using Tmo.Edge.Policy.Actions;

namespace Tmo.Edge.Console.History;

/// <summary>The dashboard's figures from SQLite: decisions per minute (refusals included), today's cloud spend against its cap, failed turns.</summary>
public sealed class DashboardHistory(IDbContextFactory<TmoEdgeDbContext> contexts, SettingsStore settings, IOptions<BudgetOptions> defaults, TimeProvider time)
{
    /// <summary>Recent cloud calls the cheapest is looked for in (a short backward scan of the primary key).</summary>
    private const int CloudCallsExamined = 200;

    /// <summary>One entry per minute of the last <paramref name="minutes"/>, oldest first, zeros included; refusals counted.</summary>
    public async Task<IReadOnlyList<DecisionRate>> DecisionsPerMinuteAsync(int minutes, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var thisMinute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var first = thisMinute.AddMinutes(-(minutes - 1));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var decided = await db.Turns.AsNoTracking()
            .Where(t => t.AnsweredAt >= first && (t.Action != null || t.Status == TurnStatus.Refused))
            .Select(t => new { t.AnsweredAt, t.Action })
            .ToListAsync(cancellationToken);

        var counts = new int[minutes, 4];
        foreach (var turn in decided)
        {
            var slot = (int)((turn.AnsweredAt!.Value - first).TotalMinutes);
            if (slot is >= 0 && slot < minutes)
            {
                counts[slot, (int)ActionKinds.Of(turn.Action ?? -1)]++;
            }
        }

        return Enumerable.Range(0, minutes)
            .Select(i => new DecisionRate(first.AddMinutes(i), counts[i, 0], counts[i, 1], counts[i, 2], counts[i, 3]))
            .ToList();
    }

    /// <summary>Today's (UTC) cloud spend, the cap in force, and the cheapest recent cloud call (what a turn needs at least).</summary>
    public async Task<CloudCapStatus> CloudCapAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var spent = await db.DailySpend.AsNoTracking().Where(d => d.Day == today).Select(d => d.CloudUsd).SingleOrDefaultAsync(cancellationToken);
        var cheapest = await db.Turns.AsNoTracking()
            .Where(t => t.Location == RunnerLocation.Cloud && t.UsageUsd > 0)
            .OrderByDescending(t => t.Id)
            .Take(CloudCallsExamined)
            .Select(t => t.UsageUsd)
            .MinAsync(cancellationToken) ?? 0;
        var cap = await settings.GetAsync(SettingKeys.DailyCloudCapUsd, cancellationToken) is { } text
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var stored)
                ? stored
                : defaults.Value.DailyCloudCapUsd;
        return new CloudCapStatus(spent, cap, cheapest);
    }

    /// <summary>The latest failed or refused turns, newest first.</summary>
    public async Task<IReadOnlyList<TurnRecord>> RecentFailuresAsync(int count, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Turns.AsNoTracking()
            .Where(t => t.Error != null)
            .OrderByDescending(t => t.Id)
            .Take(count)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Answered turns of the last hour by action, for the policy page's histogram.</summary>
    public async Task<IReadOnlyDictionary<int, int>> ActionHistogramAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow() - window;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actions = await db.Turns.AsNoTracking()
            .Where(t => t.AnsweredAt >= since && t.Action != null && t.Action >= 0)
            .Select(t => t.Action!.Value)
            .ToListAsync(cancellationToken);
        return actions.GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());
    }
}
