using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Data.Settings;
using Tmo.Edge.Data.Spending;

namespace Tmo.Edge.Data.Tests.Journal;

public sealed class RestartTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Everything_written_survives_closing_every_connection_and_reopening_the_file()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var now = database.Time.GetUtcNow();
        var answered = await journal.AcceptAsync(Turns.New("d", now, requestId: "r-1"), Turns.Budget, None);
        var pending = await journal.AcceptAsync(Turns.New("d", now.AddSeconds(5), requestId: "r-2"), Turns.Budget, None);
        await journal.CompleteAsync(answered.TurnId, Turns.Answered(usageUsd: 0.002), None);
        await database.Get<SettingsStore>().SetAsync("Tmo:Budgets:DailyCloudUsd", "2.5", "admin", None);

        await database.RestartAsync();
        journal = database.Get<TurnJournal>();

        Assert.Equal([pending.TurnId], (await journal.PendingAsync(None)).Select(t => t.Id));
        Assert.Equal([answered.TurnId], (await journal.UnpublishedAsync(None)).Select(t => t.Id));
        var history = await journal.LoadDialogueAsync("d", None);
        Assert.Equal([(1, TurnStatus.Answered)], history!.Turns.Select(t => (t.Sequence, t.Status)));
        Assert.Equal(0.002, (await database.Get<DailySpendLedger>().TodayAsync(None)).CloudUsd);
        Assert.Equal("2.5", await database.Get<SettingsStore>().GetAsync("Tmo:Budgets:DailyCloudUsd", None));

        var redelivered = await journal.AcceptAsync(Turns.New("d", now.AddSeconds(5), requestId: "r-2"), Turns.Budget, None);
        Assert.Equal(pending with { Duplicate = true }, redelivered);
        Assert.Equal(3, (await journal.AcceptAsync(Turns.New("d", now.AddSeconds(9)), Turns.Budget, None)).Sequence);

        await using var db = database.NewContext();
        Assert.Equal(now, (await db.Dialogues.SingleAsync()).StartedAt);
    }
}
