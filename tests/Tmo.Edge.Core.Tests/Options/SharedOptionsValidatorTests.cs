using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Options;

namespace Tmo.Edge.Core.Tests.Options;

/// <summary>The validators of the sections both the daemon and the console read: a bad value is refused naming its key.</summary>
public sealed class SharedOptionsValidatorTests
{
    [Fact]
    public void Budgets_within_the_input_limits_pass_and_one_beyond_them_is_refused_naming_its_key()
    {
        var validator = new BudgetOptionsValidator();

        Assert.Empty(Failures(validator, new BudgetOptions()));
        Assert.StartsWith("Tmo:Budgets:DialogueLatencyS: ", Assert.Single(Failures(validator, new BudgetOptions { DialogueLatencyS = InputLimits.MaxLatencyS * 2 })), StringComparison.Ordinal);
        Assert.StartsWith("Tmo:Budgets:DailyCloudCapUsd: ", Assert.Single(Failures(validator, new BudgetOptions { DailyCloudCapUsd = -1 })), StringComparison.Ordinal);
        Assert.StartsWith("Tmo:Budgets:DialogueIdleTimeout: ", Assert.Single(Failures(validator, new BudgetOptions { DialogueIdleTimeout = TimeSpan.Zero })), StringComparison.Ordinal);
    }

    [Fact]
    public void The_budget_ranges_are_the_input_limits_cmd_budget_and_the_console_are_held_to()
    {
        var validator = new BudgetOptionsValidator();
        (InputRange Range, Func<double, BudgetOptions> Budgets)[] table =
        [
            (InputLimits.LatencyS, value => new BudgetOptions { DialogueLatencyS = value }),
            (InputLimits.UsageUsd, value => new BudgetOptions { DialogueUsageUsd = value }),
            (InputLimits.DailyCapUsd, value => new BudgetOptions { DailyCloudCapUsd = value }),
        ];

        foreach (var (range, budgets) in table)
        {
            Assert.Empty(Failures(validator, budgets(range.Min)));
            Assert.Empty(Failures(validator, budgets(range.Max)));
            Assert.Single(Failures(validator, budgets(Math.BitDecrement(range.Min))));
            Assert.Single(Failures(validator, budgets(Math.BitIncrement(range.Max))));
        }
    }

    [Fact]
    public void A_device_id_that_is_no_topic_level_or_a_prefix_with_wildcards_is_refused_naming_its_key()
    {
        var validator = new DaemonIdentityOptionsValidator();

        Assert.Empty(Failures(validator, new DaemonIdentityOptions { DeviceId = "kitchen-42", TopicPrefix = "home/edge" }));
        Assert.Equal("Tmo:DeviceId is required: the name of this device on the bus.", Assert.Single(Failures(validator, new DaemonIdentityOptions())));
        Assert.StartsWith("Tmo:DeviceId must be", Assert.Single(Failures(validator, new DaemonIdentityOptions { DeviceId = "kitchen/42" })), StringComparison.Ordinal);
        Assert.StartsWith("Tmo:TopicPrefix 'home/#'", Assert.Single(Failures(validator, new DaemonIdentityOptions { DeviceId = "kitchen-42", TopicPrefix = "home/#" })), StringComparison.Ordinal);
    }

    [Fact]
    public void A_broker_port_out_of_range_a_missing_password_file_and_a_backoff_upside_down_are_refused_naming_their_keys()
    {
        var validator = new MqttOptionsValidator();

        Assert.Empty(Failures(validator, new MqttOptions()));
        Assert.StartsWith("Tmo:Mqtt:Port: ", Assert.Single(Failures(validator, new MqttOptions { Port = 0 })), StringComparison.Ordinal);
        Assert.Equal("Tmo:Mqtt:PasswordFile '/nonexistent/mqtt-password' does not exist.", Assert.Single(Failures(validator, new MqttOptions { PasswordFile = "/nonexistent/mqtt-password" })));
        Assert.StartsWith("Tmo:Mqtt:ReconnectMaxSeconds ", Assert.Single(Failures(validator, new MqttOptions { ReconnectInitialSeconds = 10, ReconnectMaxSeconds = 5 })), StringComparison.Ordinal);
        Assert.StartsWith("Tmo:Mqtt:MaxQueuedBytesPerClient ", Assert.Single(Failures(validator, new MqttOptions { MaxPacketBytes = 128 << 20, MaxQueuedBytesPerClient = 64L << 20 })), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_broken_value_is_reported_at_once_not_only_the_first()
    {
        var failures = Failures(new MqttOptionsValidator(), new MqttOptions { Port = 0, KeepAliveSeconds = 0, PasswordFile = "/nonexistent/mqtt-password" });

        Assert.Equal(3, failures.Count);
    }

    private static List<string> Failures<T>(IValidateOptions<T> validator, T options)
        where T : class
    {
        var result = validator.Validate(null, options);
        Assert.Equal(result.Failed, result.Failures?.Any() == true);
        return [.. result.Failures ?? []];
    }
}
