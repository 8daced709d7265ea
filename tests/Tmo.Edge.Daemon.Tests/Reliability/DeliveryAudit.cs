using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Connecting;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Daemon.Tests.Reliability;

/// <summary>
/// The invariants of issue 8 that every fault test checks, against what a <see cref="ResilientDevice"/> published and
/// received and what the daemon's database holds. Usage: run the fault, then
/// <see cref="AssertHealthyAgainAsync"/> (which also sends a fresh prompt), then <see cref="AssertDeliveredAsync"/>.
/// <list type="bullet">
/// <item>Every prompt the broker acknowledged to the device has exactly one row (its requestId is unique per dialogue),
/// so the daemon acknowledged it and a prompt published twice was recorded once; the only exception is a prompt a
/// broker crash lost before the daemon took it (see <see cref="BrokerCrashWindow"/>), which is counted.</item>
/// <item>Every row is decided, published, and reached the device as exactly one answer on `out/response` (the same
/// exception the other way: an answer the broker acknowledged to the daemon just before it crashed, counted): copies
/// of it that QoS 1 delivered again are allowed but must be the same answer, and no answer arrives for a turn with no
/// row. A failure is that one answer with its error (a runner failure is reported on the turn, not on `error`, which
/// is for messages the daemon rejected: valid prompts must get none).</item>
/// <item>No dialogue spent more latency or usage than its budget, and its spend is the sum of its turns.</item>
/// <item>No UTC day booked more cloud spend than the daily cap.</item>
/// </list>
/// </summary>
internal static class DeliveryAudit
{
    private static readonly TimeSpan DefaultSettle = TimeSpan.FromSeconds(30);

    /// <summary>How long the journal must stay unchanged before prompts still without a row are taken as lost.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Mosquitto saves its persistence database between packets, not before it acknowledges one: a crash loses the
    /// prompts it had acknowledged to the device but had neither saved nor had acknowledged by the daemon. Those are
    /// not the daemon's to answer (it never acknowledged them); a prompt acknowledged longer than this before a crash
    /// should have reached the daemon, so its loss fails the audit. The same holds for an answer the broker
    /// acknowledged to the daemon (its row's PublishedAt) and lost before it reached the device or its store.
    /// </summary>
    public static readonly TimeSpan BrokerCrashWindow = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Waits until every acknowledged prompt has been answered and its answer has reached the device (or
    /// <paramref name="settle"/> is up), then asserts the delivery, budget and cap invariants.
    /// </summary>
    /// <param name="dataDirectory">The daemon's Tmo:Storage:DataDirectory.</param>
    /// <param name="dailyCloudCapUsd">The cap the daemon ran with (Tmo:Budgets:DailyCloudCapUsd).</param>
    /// <param name="brokerCrashes">When the broker was killed.</param>
    public static async Task<DeliveryReport> AssertDeliveredAsync(
        ResilientDevice device, string dataDirectory, double dailyCloudCapUsd, TimeSpan? settle = null, IReadOnlyList<BrokerCrash>? brokerCrashes = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        var dialogues = device.Sent.Select(p => p.DialogueId).ToHashSet(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var lastChange = TimeSpan.Zero;
        List<TurnRecord> turns = [];
        while (true)
        {
            var previous = turns.Count;
            turns = await TurnsAsync(dataDirectory, dialogues);
            if (turns.Count != previous)
            {
                lastChange = clock.Elapsed;
            }

            if (Settled(device, turns, quiet: clock.Elapsed - lastChange > Quiet) || clock.Elapsed > (settle ?? DefaultSettle))
            {
                break;
            }

            await Task.Delay(100);
        }

        var lost = AssertLostOnlyInBrokerCrashes(device, turns, brokerCrashes ?? []);
        var (copies, lostAnswers) = AssertEachAcknowledgedPromptAnsweredOnce(device, turns, brokerCrashes ?? []);
        await using var db = Open(dataDirectory);
        await AssertWithinBudgetsAsync(db, dialogues, turns);
        var cloudUsd = await AssertUnderDailyCapAsync(db, dailyCloudCapUsd);
        return new DeliveryReport(
            turns.Count,
            turns.Count(t => t.Status == TurnStatus.Failed),
            turns.Count(t => t.Status == TurnStatus.Refused),
            copies,
            device.Republished,
            lost,
            lostAnswers,
            cloudUsd);
    }

    /// <summary>
    /// Healthy again without a restart: /metrics answers, a retained `health` report published after
    /// <paramref name="faultEnded"/> says the decision loop and the MQTT link are well, and a fresh prompt is answered
    /// without an error.
    /// </summary>
    /// <returns>The fresh prompt's answer, for checks of where it ran.</returns>
    public static async Task<ResponseMessage> AssertHealthyAgainAsync(ResilientDevice device, Uri metrics, DateTimeOffset faultEnded, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        {
            var text = await http.GetStringAsync(metrics);
            Assert.Contains("tmo_decisions_total", text, StringComparison.Ordinal);
        }

        await WaitAsync(
            () => device.Health.Any(h => h.At >= faultEnded && h.Healthy),
            $"a health report after {faultEnded:HH:mm:ss.fff} saying healthy",
            limit,
            () => $"last reports: {string.Join("; ", device.Health.TakeLast(3))}");

        var dialogue = $"healthy-{Guid.NewGuid():N}"[..20];
        await device.PromptAsync(dialogue, "Where did I put my dishes?", "Query", $"{dialogue}#1");
        await WaitAsync(() => device.ResponsesTo(dialogue, 1).Count > 0, $"an answer to the fresh prompt {dialogue}", limit);
        var answer = device.ResponsesTo(dialogue, 1)[0];
        Assert.True(answer.Error is null, $"The fresh prompt {dialogue} got an error: {answer.Error} (masked: {string.Join("; ", answer.Decision.Masked.Select(m => $"{m.Action}: {m.Reason}"))})");
        return answer;
    }

    /// <param name="quiet">The journal has not changed for a while: prompts without a row by now are not coming.</param>
    private static bool Settled(ResilientDevice device, List<TurnRecord> turns, bool quiet)
    {
        var recorded = turns.Select(t => (t.DialogueId, t.RequestId)).ToHashSet();
        var answered = device.Responses.Select(r => (r.DialogueId, r.Turn)).ToHashSet();
        return (quiet || device.Sent.All(p => recorded.Contains((p.DialogueId, p.RequestId))))
               && turns.All(t => t.Status != TurnStatus.Pending && t.PublishedAt is not null && answered.Contains((t.DialogueId, t.Sequence)));
    }

    /// <returns>How many prompts a broker crash lost before the daemon could take them.</returns>
    private static int AssertLostOnlyInBrokerCrashes(ResilientDevice device, List<TurnRecord> turns, IReadOnlyList<BrokerCrash> crashes)
    {
        var recorded = turns.Select(t => (t.DialogueId, t.RequestId)).ToHashSet();
        var unrecorded = device.Sent.Where(p => !recorded.Contains((p.DialogueId, p.RequestId))).ToList();
        var unexplained = unrecorded
            .Select(p => (Prompt: p, Crash: crashes.Select(c => c.OnDeviceClock).Where(c => c >= p.AcknowledgedAt).Select(c => c - p.AcknowledgedAt).DefaultIfEmpty(TimeSpan.MaxValue).Min()))
            .Where(p => p.Crash > BrokerCrashWindow)
            .Select(p => $"{p.Prompt.RequestId} (acknowledged {(p.Crash == TimeSpan.MaxValue ? "after the last crash" : $"{p.Crash.TotalSeconds:0.###} s before a crash")})")
            .ToList();
        Assert.True(unexplained.Count == 0, $"{unexplained.Count} prompts the broker acknowledged have no row: {Some(unexplained)}");
        return unrecorded.Count;
    }

    /// <returns>How many redelivered copies arrived, and how many answers a broker crash lost after acknowledging them.</returns>
    private static (int Copies, int LostInBrokerCrashes) AssertEachAcknowledgedPromptAnsweredOnce(
        ResilientDevice device, List<TurnRecord> turns, IReadOnlyList<BrokerCrash> crashes)
    {
        var rows = turns.ToLookup(t => (t.DialogueId, t.RequestId));
        var doubled = device.Sent.Where(p => rows[(p.DialogueId, p.RequestId)].Count() > 1).Select(p => p.RequestId).ToList();
        Assert.True(doubled.Count == 0, $"{doubled.Count} prompts have more than one row: {Some(doubled)}");
        var strangers = turns.Where(t => !device.Sent.Any(p => p.DialogueId == t.DialogueId && p.RequestId == t.RequestId)).Select(t => $"{t.DialogueId}/{t.Sequence}").ToList();
        Assert.True(strangers.Count == 0, $"{strangers.Count} rows for prompts the device never had acknowledged: {Some(strangers)}");

        var undecided = turns.Where(t => t.Status == TurnStatus.Pending || t.PublishedAt is null).Select(t => $"{t.DialogueId}/{t.Sequence} {t.Status}").ToList();
        Assert.True(undecided.Count == 0, $"{undecided.Count} acknowledged prompts are not answered and published: {Some(undecided)}");

        var byTurn = device.Responses.ToLookup(r => (r.DialogueId, r.Turn));
        var unanswered = new List<string>();
        var conflicting = new List<string>();
        var copies = 0;
        var lostAnswers = 0;
        foreach (var turn in turns)
        {
            var received = byTurn[(turn.DialogueId, turn.Sequence)].ToList();
            if (received.Count == 0 && LostInBrokerCrash(turn.PublishedAt!.Value, crashes))
            {
                lostAnswers++;
                continue;
            }

            if (received.Count == 0)
            {
                unanswered.Add($"{turn.DialogueId}/{turn.Sequence} (published {turn.PublishedAt:HH:mm:ss.fff}; crashes {string.Join(", ", crashes.Select(c => c.At.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)))})");
                continue;
            }

            copies += received.Count - 1;
            if (received.Any(r => !SameAnswer(r, turn)))
            {
                conflicting.Add($"{turn.DialogueId}/{turn.Sequence}: row [{turn.Action} {turn.Error ?? turn.ResponseText}] vs " +
                    string.Join(" | ", received.Select(r => $"[{r.Decision.Action} {r.Error ?? r.Text}]")));
            }
        }

        Assert.True(unanswered.Count == 0, $"{unanswered.Count} acknowledged prompts got no answer: {Some(unanswered)}");
        Assert.True(conflicting.Count == 0, $"{conflicting.Count} turns got an answer other than the recorded one: {Some(conflicting)}");
        var recordedTurns = turns.Select(t => (t.DialogueId, t.Sequence)).ToHashSet();
        var phantom = byTurn.Where(g => !recordedTurns.Contains(g.Key)).Select(g => $"{g.Key.DialogueId}/{g.Key.Turn}").ToList();
        Assert.True(phantom.Count == 0, $"{phantom.Count} answers for turns with no row: {Some(phantom)}");
        Assert.True(device.Errors.Count == 0, $"{device.Errors.Count} valid prompts were rejected on `error`: {Some(device.Errors.Select(e => e.Reason))}");
        return (copies, lostAnswers);
    }

    private static bool LostInBrokerCrash(DateTimeOffset acknowledgedToDaemon, IReadOnlyList<BrokerCrash> crashes) =>
        crashes.Any(c => c.At >= acknowledgedToDaemon && c.At - acknowledgedToDaemon <= BrokerCrashWindow);

    /// <summary>A copy of the recorded answer: the same text or error, action and cost (Remaining may differ on a republish).</summary>
    private static bool SameAnswer(ResponseMessage response, TurnRecord turn) =>
        response.Decision.Action == (turn.Action ?? -1)
        && response.Error == turn.Error
        && response.Text == (turn.ResponseText ?? string.Empty)
        && Math.Abs(response.UsageUsd - (turn.UsageUsd ?? 0)) < 1e-12
        && Math.Abs(response.LatencyMs - (turn.LatencyMs ?? 0)) < 1e-6;

    private static async Task AssertWithinBudgetsAsync(TmoEdgeDbContext db, HashSet<string> dialogues, List<TurnRecord> turns)
    {
        var records = await db.Dialogues.AsNoTracking().Where(d => dialogues.Contains(d.Id)).ToListAsync();
        var overspent = new List<string>();
        foreach (var dialogue in records)
        {
            var completed = turns.Where(t => t.DialogueId == dialogue.Id && t.Status != TurnStatus.Pending).ToList();
            Assert.Equal(completed.Sum(t => t.UsageUsd ?? 0), dialogue.SpentUsageUsd, precision: 12);
            Assert.Equal(completed.Sum(t => (t.LatencyMs ?? 0) / 1000), dialogue.SpentLatencyS, precision: 9);
            if (dialogue.SpentLatencyS > dialogue.LatencyBudgetS + 1e-9 || dialogue.SpentUsageUsd > dialogue.UsageBudgetUsd + 1e-12)
            {
                overspent.Add($"{dialogue.Id}: {dialogue.SpentLatencyS:0.###}/{dialogue.LatencyBudgetS} s, {dialogue.SpentUsageUsd:0.######}/{dialogue.UsageBudgetUsd} USD");
            }
        }

        Assert.True(overspent.Count == 0, $"{overspent.Count} dialogues spent past their budgets: {Some(overspent)}");
    }

    /// <returns>Today's cloud spend.</returns>
    private static async Task<double> AssertUnderDailyCapAsync(TmoEdgeDbContext db, double capUsd)
    {
        var days = await db.DailySpend.AsNoTracking().ToListAsync();
        Assert.All(days, d => Assert.True(d.CloudUsd <= capUsd + 1e-9, $"{d.Day}: {d.CloudUsd} USD spent in the cloud, the cap is {capUsd}"));
        var cloudTurns = await db.Turns.AsNoTracking().Where(t => t.Location == RunnerLocation.Cloud && t.AnsweredAt != null).ToListAsync();
        foreach (var day in cloudTurns.GroupBy(t => DateOnly.FromDateTime(t.AnsweredAt!.Value.UtcDateTime)))
        {
            Assert.True(day.Sum(t => t.UsageUsd ?? 0) <= capUsd + 1e-9, $"{day.Key}: cloud turns cost {day.Sum(t => t.UsageUsd ?? 0)} USD, the cap is {capUsd}");
        }

        return days.Sum(d => d.CloudUsd);
    }

    private static async Task<List<TurnRecord>> TurnsAsync(string dataDirectory, HashSet<string> dialogues)
    {
        await using var db = Open(dataDirectory);
        return await db.Turns.AsNoTracking().Where(t => dialogues.Contains(t.DialogueId)).ToListAsync();
    }

    private static TmoEdgeDbContext Open(string dataDirectory)
    {
        var options = new DbContextOptionsBuilder<TmoEdgeDbContext>();
        options.UseTmoEdgeSqlite(dataDirectory);
        return new TmoEdgeDbContext(options.Options);
    }

    private static async Task WaitAsync(Func<bool> condition, string what, TimeSpan limit, Func<string>? state = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"Timed out after {limit.TotalSeconds} s waiting for {what}. {state?.Invoke()}");
            await Task.Delay(50);
        }
    }

    private static string Some(IEnumerable<string> items)
    {
        var list = items.ToList();
        return string.Join(", ", list.Take(10)) + (list.Count > 10 ? $" and {list.Count - 10} more" : string.Empty);
    }
}
