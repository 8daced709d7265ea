using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;

namespace Tmo.Edge.Daemon.Tests.Mqtt;

public sealed class MqttTransportOptionsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("kitchen/42")]
    [InlineData("kitchen+42")]
    public async Task The_host_refuses_to_start_with_a_device_id_that_is_not_a_topic_level_and_names_the_key(string deviceId)
    {
        await using var daemon = DaemonTransport.Create(FreePort.Next(), "placeholder", new RecordingSink(), settings: new Dictionary<string, string?>
        {
            ["Tmo:DeviceId"] = deviceId,
        });
        daemon.ExpectedEvents.Add("HostedServiceStartupFaulted");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(daemon.StartAsync);
        Assert.Contains("Tmo:DeviceId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_refuses_to_start_with_a_password_file_that_does_not_exist()
    {
        await using var daemon = DaemonTransport.Create(FreePort.Next(), "kitchen-42", new RecordingSink(), settings: new Dictionary<string, string?>
        {
            ["Tmo:Mqtt:Username"] = "tmo-edge",
            ["Tmo:Mqtt:PasswordFile"] = "/nonexistent/mqtt-password",
        });
        daemon.ExpectedEvents.Add("HostedServiceStartupFaulted");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(daemon.StartAsync);
        Assert.Contains("Tmo:Mqtt:PasswordFile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_topic_prefix_defaults_to_tmo_and_the_device_id()
    {
        var identity = new DaemonIdentityOptions { DeviceId = "kitchen-42" };

        Assert.Equal("tmo/kitchen-42", identity.Topics.Prefix);
        Assert.Equal(["tmo/kitchen-42/users/+/in/#", "tmo/kitchen-42/cmd/#"], identity.Topics.Subscriptions);
    }

    [Fact]
    public void A_configured_topic_prefix_replaces_the_default()
    {
        var identity = new DaemonIdentityOptions { DeviceId = "kitchen-42", TopicPrefix = "home/edge/" };

        Assert.Equal("home/edge", identity.Topics.Prefix);
        Assert.Equal("home/edge/status", identity.Topics.Absolute("status"));
    }

    [Theory]
    [InlineData("home/+/edge")]
    [InlineData("home/#")]
    [InlineData("///")]
    public void A_topic_prefix_with_wildcards_or_no_level_is_invalid(string prefix)
    {
        var identity = new DaemonIdentityOptions { DeviceId = "kitchen-42", TopicPrefix = prefix };

        var result = new DaemonIdentityOptionsValidator().Validate(null, identity);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures, f => f.Contains("Tmo:TopicPrefix", StringComparison.Ordinal));
    }
}
