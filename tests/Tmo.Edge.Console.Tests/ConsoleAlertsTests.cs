using Tmo.Edge.Console.Live;
using Tmo.Edge.Core.Contracts;

namespace Tmo.Edge.Console.Tests;

public sealed class ConsoleAlertsTests
{
    private static readonly DaemonHealth Healthy = new(
        DateTimeOffset.UnixEpoch, DecisionLoopHealthy: true, MqttConnected: true, new RunnerHealth(true, null), new RunnerHealth(true, null), "v1");

    [Fact]
    public void A_healthy_device_with_money_left_needs_no_banner()
    {
        Assert.Empty(ConsoleAlerts.From(true, Healthy, new CloudCapStatus(0.01257, 5, 0.00049)));
    }

    [Theory]
    [InlineData(5.0, 5.0, 0.0)]
    [InlineData(4.99992, 5.0, 0.00049)]
    [InlineData(0.0, 0.0, 0.0)]
    public void The_cap_is_spent_when_what_is_left_cannot_pay_the_cheapest_cloud_call(double spent, double cap, double cheapest)
    {
        var alert = Assert.Single(ConsoleAlerts.From(true, Healthy, new CloudCapStatus(spent, cap, cheapest)));

        Assert.Equal("cap", alert.Key);
        Assert.Contains("daily cloud cap is spent", alert.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_masked_local_model_failing_storage_and_a_lost_broker_each_have_their_line()
    {
        var health = Healthy with
        {
            MqttConnected = false,
            StorageHealthy = false,
            StorageError = "database or disk is full",
            LocalRunner = new RunnerHealth(false, "thermal: tj 88.2 C >= 85 C"),
        };

        var alerts = ConsoleAlerts.From(true, health, null);

        Assert.Equal(["broker", "storage", "local"], alerts.Select(a => a.Key));
        Assert.Contains("thermal: tj 88.2 C >= 85 C", alerts[2].Text, StringComparison.Ordinal);
        Assert.Contains("database or disk is full", alerts[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_broker_the_console_says_its_own_link_is_down()
    {
        var alert = Assert.Single(ConsoleAlerts.From(false, null, null));

        Assert.Contains("cannot reach the MQTT broker", alert.Text, StringComparison.Ordinal);
    }
}
