using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Data.DeadLetters;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Tests.Stores;

public sealed class DeadLetterStoreTests
{
    [Fact]
    public async Task A_dead_letter_keeps_a_capped_payload_with_its_full_length_and_the_same_message_again_adds_to_its_row()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = database.Get<DeadLetterStore>();
        var payload = new byte[DeadLetterRecord.PayloadMaxBytes * 3];
        var fingerprint = new string('a', DeadLetterRecord.FingerprintLength);
        var first = TestDatabase.Start;

        await store.StoreAsync(new DeadLetter(fingerprint, "tmo/dev1/in/camera/0", payload, "SqliteException: disk I/O error", 3, first, first.AddSeconds(4)), CancellationToken.None);
        await store.StoreAsync(new DeadLetter(fingerprint, "tmo/dev1/in/camera/0", payload, "IOException: disk full", 3, first.AddMinutes(5), first.AddMinutes(6)), CancellationToken.None);

        await using var db = database.NewContext();
        var letter = Assert.Single(await db.DeadLetters.ToListAsync());
        Assert.Equal(DeadLetterRecord.PayloadMaxBytes, letter.Payload.Length);
        Assert.Equal(payload.Length, letter.PayloadBytes);
        Assert.Equal((6, first, first.AddMinutes(6)), (letter.Attempts, letter.FirstFailedAt, letter.LastFailedAt));
        Assert.Equal("IOException: disk full", letter.Reason);
        Assert.Equal(letter.Id, Assert.Single(await store.RecentAsync(10, CancellationToken.None)).Id);
    }

    [Fact]
    public async Task A_dead_letter_without_a_proper_fingerprint_is_refused_before_anything_is_written()
    {
        await using var database = await TestDatabase.CreateAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => database.Get<DeadLetterStore>().StoreAsync(
            new DeadLetter("short", "t", Array.Empty<byte>(), "r", 1, TestDatabase.Start, TestDatabase.Start), CancellationToken.None));
    }
}
