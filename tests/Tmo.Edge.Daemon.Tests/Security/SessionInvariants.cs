using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Data;

namespace Tmo.Edge.Daemon.Tests.Security;

/// <summary>
/// Issue 8's invariants, checked after an access-control scenario: each acknowledged prompt got exactly one answer
/// on the bus and exactly one row in the journal, no dialogue spent past its budgets, the daily cloud cap held, and
/// the daemon is healthy (retained health says so, metrics are served).
/// </summary>
internal static class SessionInvariants
{
    /// <param name="observer">A client subscribed to `#` (or at least out/#, error and health) from before the prompts.</param>
    /// <param name="dialogues">Dialogues that each had exactly one prompt acknowledged by the broker.</param>
    /// <param name="metricsPort">The daemon's metrics port (Tmo:Metrics enabled).</param>
    public static async Task AssertHeldAsync(DaemonHost daemon, DeviceClient observer, IReadOnlyCollection<string> dialogues, int metricsPort)
    {
        var responses = await Eventually.ReturnsAsync(
            () => dialogues.All(d => observer.Responses.Any(r => r.DialogueId == d)) ? observer.Responses : null, TimeSpan.FromSeconds(30));
        foreach (var dialogue in dialogues)
        {
            var response = Assert.Single(responses, r => r.DialogueId == dialogue);
            Assert.Equal(1, response.Turn);
            Assert.True(response.Remaining.LatencyS >= -1e-9, $"{dialogue} overran its latency budget: {response.Remaining.LatencyS} s left");
            Assert.True(response.Remaining.UsageUsd >= -1e-12, $"{dialogue} overran its usage budget: {response.Remaining.UsageUsd} USD left");
        }

        var contexts = daemon.Services.GetRequiredService<IDbContextFactory<TmoEdgeDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var turns = await db.Turns.AsNoTracking().Where(t => dialogues.Contains(t.DialogueId)).ToListAsync();
            Assert.Equal(dialogues.Order(StringComparer.Ordinal), turns.Select(t => t.DialogueId).Order(StringComparer.Ordinal));
            var days = await db.DailySpend.AsNoTracking().ToListAsync();
            var cap = daemon.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Core.Options.BudgetOptions>>().Value.DailyCloudCapUsd;
            Assert.All(days, day => Assert.True(day.CloudUsd <= cap + 1e-12, $"{day.Day}: {day.CloudUsd} USD spent over the {cap} USD cap"));
        }

        var health = await Eventually.ReturnsAsync(
            () => observer.Texts("health").LastOrDefault() is { } last && JsonNode.Parse(last) is { } node
                  && (bool?)node["decisionLoopHealthy"] == true && (bool?)node["mqttConnected"] == true ? node : null,
            TimeSpan.FromSeconds(15));
        Assert.NotNull(health);

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"));
        Assert.Contains("tmo_decision_seconds", metrics, StringComparison.Ordinal);
    }
}
