using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Spending;

namespace Tmo.Edge.Daemon.Tests.Reliability.Clock;

/// <summary>
/// The daemon on a wall clock that is stepped while it serves: a cloud call in flight over midnight, a day filled to
/// its cloud cap, NTP steps back to a day already full and forward again, then two years ahead. The local LLM is held
/// masked (a hot device), so every answer is a cloud call under the daily cap.
/// </summary>
public sealed class ClockJumpEndToEndTests
{
    private const double CapUsd = 0.01;
    private static readonly DateOnly Day1 = new(2026, 11, 27);
    private static readonly DateOnly Day2 = Day1.AddDays(1);
    private static readonly DateTimeOffset BeforeMidnight = new(2026, 11, 27, 23, 59, 0, TimeSpan.Zero);

    [Fact]
    public async Task Clock_steps_over_midnight_and_back_never_overspend_a_day_and_the_daemon_stays_healthy()
    {
        var clock = new SteppedClock(TimeProvider.System, BeforeMidnight);
        var metricsPort = FreePort.Next();
        await using var daemon = await StartHotDeviceAsync(clock, metricsPort);
        await using var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);
        await using var observer = await Devices.ConnectBareAsync(daemon.BrokerPort, "clock-observer", TestLogins.Console);
        await observer.SubscribeAsync("tmo/test1/out/decision");
        await observer.SubscribeAsync("tmo/test1/health");
        using var http = new HttpClient();
        var metrics = new Uri($"http://127.0.0.1:{metricsPort}/metrics");
        var asked = 0;

        // A cloud call decided before midnight and still running when the clock passes it. Its added latency is the
        // daemon's own, not the two minutes the wall clock moved.
        await device.PromptAsync("inflight", "Where did I put my dishes?", "Query");
        await observer.WaitForAsync(m => m.Topic.EndsWith("/out/decision", StringComparison.Ordinal) && m.Payload.Contains("\"inflight\"", StringComparison.Ordinal), "the in-flight decision");
        clock.Step(TimeSpan.FromMinutes(2));
        var inflight = await device.ResponseAsync("inflight", 1);
        asked++;
        Assert.Equal("cloud", inflight.Decision.Location);
        var inflightAdded = await AddedLatencySumAsync(http, metrics, count: 1);
        Assert.InRange(inflightAdded, 0, 60);

        var day2 = await AskAsync(device, "day2-fill", 30);
        clock.SetWallClock(BeforeMidnight.AddSeconds(30));
        var day1 = await AskAsync(device, "day1-after-ntp-step", 30);
        clock.SetWallClock(BeforeMidnight.AddMinutes(3));
        var day2Again = await AskAsync(device, "day2-again", 5);
        clock.SetWallClock(BeforeMidnight.AddSeconds(40));
        var day1Again = await AskAsync(device, "day1-again", 5);
        clock.Step(TimeSpan.FromDays(2 * 365));
        var later = await AskAsync(device, "two-years-on", 3);
        asked += day2.Count + day1.Count + day2Again.Count + day1Again.Count + later.Count;

        // Both days reached their cap, and going back to a full day gave it no new room.
        Assert.Contains(day2, IsCappedRefusal);
        Assert.Contains(day1, IsCappedRefusal);
        Assert.All(day2Again, r => Assert.True(IsCappedRefusal(r), $"{r.DialogueId}: {r.Decision.Location} {r.UsageUsd} USD"));
        Assert.All(day1Again, r => Assert.True(IsCappedRefusal(r), $"{r.DialogueId}: {r.Decision.Location} {r.UsageUsd} USD"));
        // A new day's cap admits cloud calls again (on a loaded machine one call may miss its ceiling, so any of them).
        Assert.True(
            later.Any(r => r.Decision.Location == "cloud"),
            string.Join(" | ", later.Select(r => $"{r.Decision.Location} {r.Error} masked: {string.Join("; ", r.Decision.Masked.Select(m => m.Reason))}")));

        // The ledger: each day booked what its cap admitted, the in-flight call on the day that admitted it, and the
        // guard agrees with every row.
        var ledger = (await daemon.Services.GetRequiredService<DailySpendLedger>().DaysAsync(CancellationToken.None)).ToDictionary(d => d.Day);
        var guard = daemon.Services.GetRequiredService<CloudSpendGuard>();
        Assert.Equal(3, ledger.Count);
        Assert.All(ledger.Values, d =>
        {
            Assert.InRange(d.CloudUsd, 0, CapUsd);
            Assert.Equal(d.CloudUsd, guard.SpentUsd(d.Day), precision: 9);
        });
        Assert.Equal(inflight.UsageUsd + Cloud(day1) + Cloud(day1Again), ledger[Day1].CloudUsd, precision: 9);
        Assert.Equal(Cloud(day2) + Cloud(day2Again), ledger[Day2].CloudUsd, precision: 9);
        Assert.Equal(Cloud(later), ledger[DailySpendLedger.UtcDay(clock.GetUtcNow())].CloudUsd, precision: 9);

        // Exactly one response and one row per prompt.
        Assert.Equal(asked, device.Responses.Count);
        Assert.Equal(asked, device.Responses.Select(r => r.DialogueId).Distinct().Count());
        var contexts = daemon.Services.GetRequiredService<IDbContextFactory<TmoEdgeDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            Assert.Equal(asked, await db.Turns.CountAsync());
        }

        // Healthy on the new clock without a restart, metrics served, one added-latency observation per answer.
        var year = clock.GetUtcNow().Year.ToString(CultureInfo.InvariantCulture);
        await observer.WaitForAsync(
            m => m.Topic.EndsWith("/health", StringComparison.Ordinal) && m.Payload.Contains($"\"at\":\"{year}-", StringComparison.Ordinal)
                && m.Payload.Contains("\"decisionLoopHealthy\":true", StringComparison.Ordinal) && m.Payload.Contains("\"mqttConnected\":true", StringComparison.Ordinal),
            "a healthy health message on the stepped clock",
            TimeSpan.FromSeconds(30));
        await AddedLatencySumAsync(http, metrics, count: asked);
    }

    /// <summary>The added-latency histogram's sum (s) once it holds <paramref name="count"/> answers: one per answer.</summary>
    private static async Task<double> AddedLatencySumAsync(HttpClient http, Uri metrics, int count)
    {
        var text = await Eventually.ReturnsAsync(async () =>
        {
            var scraped = await http.GetStringAsync(metrics);
            return scraped.Contains($"tmo_daemon_added_latency_seconds_count {count}\n", StringComparison.Ordinal) ? scraped : null;
        });
        return double.Parse(
            text.Split('\n').Single(l => l.StartsWith("tmo_daemon_added_latency_seconds_sum ", StringComparison.Ordinal)).Split(' ')[1],
            CultureInfo.InvariantCulture);
    }

    private static bool IsCappedRefusal(ResponseMessage response) =>
        response.Decision.Action == -1 && response.Decision.Masked.Any(m => m.Reason.StartsWith("daily cloud cap", StringComparison.Ordinal));

    private static double Cloud(IEnumerable<ResponseMessage> responses) =>
        responses.Where(r => r.Decision.Location == "cloud").Sum(r => r.UsageUsd);

    /// <summary>One-turn dialogues sent together (the lanes race for the cap), each answered once.</summary>
    private static async Task<List<ResponseMessage>> AskAsync(DeviceClient device, string phase, int count)
    {
        var ids = Enumerable.Range(1, count).Select(i => $"{phase}-{i}").ToArray();
        foreach (var id in ids)
        {
            await device.PromptAsync(id, "Where did I put my dishes?", "Query");
        }

        var responses = new List<ResponseMessage>();
        foreach (var id in ids)
        {
            responses.Add(await device.ResponseAsync(id, 1, TimeSpan.FromSeconds(30)));
        }

        return responses;
    }

    /// <summary>A device held at 75 C under a 70 C limit: the local LLM is masked, every answer is a cloud call.</summary>
    private static async Task<DaemonHost> StartHotDeviceAsync(SteppedClock clock, int metricsPort)
    {
        var trace = Path.GetTempFileName();
        var hot = TelemetrySample.Empty("jetson") with
        {
            PowerW = 12,
            TemperaturesC = new Dictionary<string, double> { ["tj-thermal"] = 75 },
            MemoryAvailableMB = 20000,
        };
        await File.WriteAllTextAsync(trace, JsonSerializer.Serialize(hot, TelemetryJsonContext.Default.TelemetrySample));
        var daemon = await DaemonHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Tmo:Budgets:DailyCloudCapUsd"] = CapUsd.ToString(CultureInfo.InvariantCulture),
                // Calls take a tenth of their recorded time (tens to hundreds of ms): long enough to step the clock
                // while one is in flight.
                ["Tmo:Replay:SpeedFactor"] = "0.1",
                ["Tmo:Telemetry:Enabled"] = "true",
                ["Tmo:Telemetry:Source"] = "trace",
                ["Tmo:Telemetry:TracePath"] = trace,
                ["Tmo:Telemetry:IntervalS"] = "0.1",
                ["Tmo:Telemetry:ThrottleC"] = "70",
                ["Tmo:Metrics:Enabled"] = "true",
                ["Tmo:Metrics:Port"] = metricsPort.ToString(CultureInfo.InvariantCulture),
            },
            time: clock);
        await Eventually.ReturnsAsync(() => daemon.Services.GetRequiredService<TelemetryState>().LocalUnavailable, TimeSpan.FromSeconds(10));
        return daemon;
    }
}
