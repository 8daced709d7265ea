using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Data.Auditing;
using Tmo.Edge.Data.Policies;
using Tmo.Edge.Data.Telemetry;

namespace Tmo.Edge.Data.Tests.Stores;

public sealed class RecordStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Audit_entries_are_stamped_with_the_clock()
    {
        await using var database = await TestDatabase.CreateAsync();

        await database.Get<AuditLog>().WriteAsync("console", "policy.reload", "rc-a2c-2", None);

        await using var db = database.NewContext();
        var entry = await db.AuditLog.SingleAsync();
        Assert.Equal(("console", "policy.reload", "rc-a2c-2", TestDatabase.Start), (entry.Actor, entry.Action, entry.Detail, entry.At));
    }

    [Fact]
    public async Task Loading_a_policy_version_again_refreshes_its_row()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = database.Get<PolicyVersionStore>();
        var policy = new LoadedPolicy("rc-a2c-1", "RC-A2C", "/var/lib/tmo-edge/policy.json", new string('a', 64), "reward 0.61");

        await store.RecordLoadedAsync(policy, None);
        database.Time.Advance(TimeSpan.FromHours(2));
        await store.RecordLoadedAsync(policy with { CheckpointPath = "/opt/tmo-edge/policy.json" }, None);

        await using var db = database.NewContext();
        var record = await db.PolicyVersions.SingleAsync();
        Assert.Equal(("RC-A2C", "/opt/tmo-edge/policy.json", "reward 0.61"), (record.Algorithm, record.CheckpointPath, record.Summary));
        Assert.Equal(database.Time.GetUtcNow(), record.LoadedAt);
    }

    [Fact]
    public async Task Telemetry_samples_are_appended_and_read_back_by_metric_and_time()
    {
        await using var database = await TestDatabase.CreateAsync();
        var telemetry = database.Get<TelemetryStore>();
        var start = database.Time.GetUtcNow();

        await telemetry.AppendAsync([("power_w", 7.5), ("gpu_temp_c", 51)], start, None);
        await telemetry.AppendAsync([("power_w", 9.25)], start.AddSeconds(5), None);
        await telemetry.AppendAsync([], start.AddSeconds(10), None);

        await using var db = database.NewContext();
        var power = await db.TelemetrySamples
            .Where(s => s.Metric == "power_w" && s.At > start)
            .Select(s => new { s.At, s.Value })
            .ToListAsync();
        Assert.Equal([(start.AddSeconds(5), 9.25)], power.Select(p => (p.At, p.Value)));
        Assert.Equal(3, await db.TelemetrySamples.CountAsync());
    }
}
