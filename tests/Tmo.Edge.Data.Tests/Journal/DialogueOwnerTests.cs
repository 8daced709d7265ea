using Tmo.Edge.Data.Journal;

namespace Tmo.Edge.Data.Tests.Journal;

/// <summary>The owner lookup `in/feedback` is checked against before a rating is queued.</summary>
public sealed class DialogueOwnerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_owner_is_the_account_that_opened_the_dialogue_and_null_for_an_unknown_or_ownerless_one()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        await journal.AcceptAsync(Turns.New("owned", database.Time.GetUtcNow()) with { Owner = "device-a" }, Turns.Budget, None);
        await journal.AcceptAsync(Turns.New("legacy", database.Time.GetUtcNow()), Turns.Budget, None);

        Assert.Equal("device-a", await journal.OwnerOfAsync("owned", None));
        Assert.Null(await journal.OwnerOfAsync("legacy", None));
        Assert.Null(await journal.OwnerOfAsync("nowhere", None));
        Assert.Null(await journal.OwnerOfAsync("OWNED", None));
    }
}
