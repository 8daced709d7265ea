using System.Text;
using System.Text.Json;
using Tmo.Edge.Core.Contracts;

namespace Tmo.Edge.Core.Tests.Contracts;

public sealed class HealthContractTests
{
    /// <summary>`health` as DaemonHealthPublisher wrote it with Utf8JsonWriter before the contract type (commit b6ddc5b).</summary>
    private const string Captured =
        """{"at":"2026-12-05T10:30:15.25+00:00","decisionLoopHealthy":true,"mqttConnected":true,"storageHealthy":false,"storageError":"disk I/O error","localRunner":{"available":false,"reason":"overheated: soc 87.5 C \u003E= 85 C"},"cloudRunner":{"available":false,"reason":"circuit open: 5 failures in 60 s"},"policyVersion":"ppo-2026-12-01","budgets":{"dialogueLatencyS":30,"dialogueUsageUsd":0.05,"dailyCloudCapUsd":0},"limits":{"thermalLimitC":85,"powerCapW":0,"memoryMarginMB":512}}""";

    private const string CapturedHealthy =
        """{"at":"2026-12-05T10:30:15.25+00:00","decisionLoopHealthy":true,"mqttConnected":true,"storageHealthy":true,"localRunner":{"available":true},"cloudRunner":{"available":false,"reason":"circuit open: 5 failures in 60 s"},"policyVersion":"ppo-2026-12-01","budgets":{"dialogueLatencyS":30,"dialogueUsageUsd":0.05,"dailyCloudCapUsd":5},"limits":{"thermalLimitC":85,"powerCapW":0,"memoryMarginMB":512}}""";

    [Fact]
    public void Todays_health_payload_is_read_field_by_field()
    {
        var health = ContractJson.TryRead(Encoding.UTF8.GetBytes(Captured), ContractJsonContext.Default.DaemonHealth);

        Assert.Equal(
            new DaemonHealth(
                new DateTimeOffset(2026, 12, 5, 10, 30, 15, 250, TimeSpan.Zero),
                DecisionLoopHealthy: true,
                MqttConnected: true,
                new RunnerHealth(false, "overheated: soc 87.5 C >= 85 C"),
                new RunnerHealth(false, "circuit open: 5 failures in 60 s"),
                "ppo-2026-12-01",
                StorageHealthy: false,
                StorageError: "disk I/O error",
                new BudgetsInForce(30, 0.05, 0),
                new LimitsInForce(85, 0, 512)),
            health);
    }

    [Theory]
    [InlineData(Captured)]
    [InlineData(CapturedHealthy)]
    public void A_health_payload_written_again_is_byte_for_byte_what_the_daemon_wrote_before(string captured)
    {
        var health = JsonSerializer.Deserialize(captured, ContractJsonContext.Default.DaemonHealth)!;

        Assert.Equal(captured, JsonSerializer.Serialize(health, ContractJsonContext.Default.DaemonHealth));
    }

    [Fact]
    public void The_judge_travels_in_the_health_report_and_reads_back()
    {
        const string WithJudge =
            """{"at":"2026-12-06T02:00:00+00:00","decisionLoopHealthy":true,"mqttConnected":true,"storageHealthy":true,"localRunner":{"available":true},"cloudRunner":{"available":true},"policyVersion":"v1","judge":{"on":true,"spentTodayUsd":0.0125,"dailyCapUsd":0.5,"judged":40,"dropped":{"dropped_cap":0,"dropped_parse":2}}}""";

        var health = JsonSerializer.Deserialize(WithJudge, ContractJsonContext.Default.DaemonHealth)!;

        Assert.Equal((true, null, 0.0125, 0.5, 40L), (health.Judge!.On, health.Judge.Off, health.Judge.SpentTodayUsd, health.Judge.DailyCapUsd, health.Judge.Judged));
        Assert.Equal(2, health.Judge.Dropped["dropped_parse"]);
        Assert.Equal(WithJudge, JsonSerializer.Serialize(health, ContractJsonContext.Default.DaemonHealth));
    }

    [Fact]
    public void The_learning_section_travels_in_the_health_report_and_reads_back()
    {
        const string WithLearning =
            """{"at":"2026-12-06T04:00:00+00:00","decisionLoopHealthy":true,"mqttConnected":true,"storageHealthy":true,"localRunner":{"available":true},"cloudRunner":{"available":true},"policyVersion":"v2","learning":{"state":"waiting_for_idle","detail":"a turn is in flight","ratedTurns":120,"lastRound":{"round":3,"at":"2026-12-06T03:00:00+00:00","promoted":true,"champion":"v1","challenger":"v2","reason":"device reward 0.610 \u003E 0.580"}}}""";

        var health = JsonSerializer.Deserialize(WithLearning, ContractJsonContext.Default.DaemonHealth)!;

        Assert.Equal(("waiting_for_idle", "a turn is in flight", 120), (health.Learning!.State, health.Learning.Detail, health.Learning.RatedTurns));
        Assert.Equal((3, true, "v1", "v2", "device reward 0.610 > 0.580"), (health.Learning.LastRound!.Round, health.Learning.LastRound.Promoted, health.Learning.LastRound.Champion, health.Learning.LastRound.Challenger, health.Learning.LastRound.Reason));
        Assert.Equal(WithLearning, JsonSerializer.Serialize(health, ContractJsonContext.Default.DaemonHealth));
    }

    [Fact]
    public void A_report_from_a_daemon_too_old_for_storage_budgets_and_limits_reads_as_storage_healthy_without_them()
    {
        var health = ContractJson.TryRead(
            """{"at":"2026-11-28T02:00:00Z","decisionLoopHealthy":true,"mqttConnected":true,"localRunner":{"available":true},"cloudRunner":{"available":true},"policyVersion":"v1"}"""u8,
            ContractJsonContext.Default.DaemonHealth);

        Assert.NotNull(health);
        Assert.True(health.StorageHealthy);
        Assert.Null(health.Budgets);
        Assert.Null(health.Limits);
        Assert.Null(health.Judge);
        Assert.Null(health.Learning);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"at":"yesterday"}""")]
    public void A_payload_that_is_not_health_JSON_is_no_report(string payload)
    {
        Assert.Null(ContractJson.TryRead(Encoding.UTF8.GetBytes(payload), ContractJsonContext.Default.DaemonHealth));
    }
}
