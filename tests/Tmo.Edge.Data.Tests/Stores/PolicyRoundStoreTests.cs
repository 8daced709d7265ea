using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Data.Policies;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Tests.Stores;

/// <summary>The rounds of learning on the device: every round kept with the clock's time, only a promotion audited.</summary>
public sealed class PolicyRoundStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Every_round_is_kept_and_only_a_promotion_is_audited_with_its_reason()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = database.Get<PolicyRoundStore>();

        await store.RecordAsync(Round(1, promoted: false, "device reward 0.500 is not 0.010 above the champion's 0.510"), None);
        database.Time.Advance(TimeSpan.FromHours(1));
        await store.RecordAsync(Round(2, promoted: true, "device reward 0.610 > 0.520; dataset reward 0.700 vs 0.700; 0 violations"), None);

        var latest = await store.LatestAsync(None);
        Assert.Equal((2, database.Time.GetUtcNow(), 80), (latest!.Round, latest.At, latest.RatedTurns));
        await using var db = database.NewContext();
        var audit = await db.AuditLog.SingleAsync();
        Assert.Equal((PolicyRoundStore.Actor, PolicyRoundStore.PromotedAction), (audit.Actor, audit.Action));
        Assert.Equal("round 2: v2 (RC-A2C) replaces v1: device reward 0.610 > 0.520; dataset reward 0.700 vs 0.700; 0 violations", audit.Detail);
    }

    [Fact]
    public async Task The_recent_rounds_are_the_latest_ones_oldest_first_and_there_is_no_latest_before_the_first()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = database.Get<PolicyRoundStore>();
        Assert.Null(await store.LatestAsync(None));

        for (var round = 1; round <= 4; round++)
        {
            await store.RecordAsync(Round(round, promoted: false, "held"), None);
        }

        Assert.Equal([2, 3, 4], (await store.RecentAsync(3, None)).Select(r => r.Round));
    }

    private static PolicyRoundRecord Round(int number, bool promoted, string reason) => new()
    {
        Round = number,
        ChampionVersion = "v1",
        ChallengerVersion = $"v{number}",
        ChallengerMethod = "RC-A2C",
        ChampionDeviceReward = 0.5,
        ChallengerDeviceReward = 0.6,
        ChampionDatasetReward = 0.7,
        ChallengerDatasetReward = 0.7,
        Promoted = promoted,
        Reason = reason,
        RatedTurns = 40 * number,
        HeldOutDialogues = 8,
    };
}
