using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Tmo.Edge.Data.Settings;

namespace Tmo.Edge.Daemon.Tests.EndToEnd;

/// <summary>
/// A retrained candidate the daemon held back (it scored worse than the active policy) is activated only by an
/// activation that says the administrator confirmed it; without that the active policy stays in force.
/// </summary>
public sealed class HeldBackCandidateEndToEndTests
{
    [Fact]
    public async Task A_held_back_candidate_stays_out_of_force_until_its_activation_is_confirmed()
    {
        await using var daemon = await DaemonHost.StartAsync(PolicyRestartEndToEndTests.ConsoleAllowed);
        var active = await PolicyRestartEndToEndTests.PolicyVersionAnsweringAsync(daemon, "before");
        var candidate = await PolicyRestartEndToEndTests.OtherCheckpointAsync(daemon.Directory);
        await daemon.Services.GetRequiredService<SettingsStore>()
            .SetAsync(SettingKeys.CandidatePolicyCheckpoint, candidate.Path, "test", CancellationToken.None);
        await using var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);
        await using var console = await Devices.ConnectBareAsync(daemon.BrokerPort, $"console-{Guid.NewGuid():N}", username: Brokers.ConsoleUser);
        await console.SubscribeAsync("tmo/test1/policy/progress");

        await console.PublishToAsync("tmo/test1/cmd/policy", $$"""{"action":"activate","version":"{{candidate.Version}}"}""");
        await console.WaitForAsync(
            m => m.Payload.Contains("\"candidate\"", StringComparison.Ordinal) && m.Payload.Contains("confirm to activate it anyway", StringComparison.Ordinal),
            "the refusal of an unconfirmed activation");
        Assert.Equal(active, await PolicyRestartEndToEndTests.PolicyVersionAnsweringAsync(daemon, "unconfirmed"));

        await console.PublishToAsync("tmo/test1/cmd/policy", $$"""{"action":"activate","version":"{{candidate.Version}}","confirmed":true}""");
        await console.WaitForAsync(
            m => m.Payload.Contains("\"activated\"", StringComparison.Ordinal) && m.Payload.Contains(candidate.Version, StringComparison.Ordinal),
            "the confirmed activation");
        Assert.Equal(candidate.Version, await PolicyRestartEndToEndTests.PolicyVersionAnsweringAsync(daemon, "confirmed"));
        Assert.Equal(string.Empty, await daemon.Services.GetRequiredService<SettingsStore>().GetAsync(SettingKeys.CandidatePolicyCheckpoint, CancellationToken.None));
    }

    [Fact]
    public async Task Discarding_the_held_back_candidate_keeps_the_active_policy()
    {
        await using var daemon = await DaemonHost.StartAsync(PolicyRestartEndToEndTests.ConsoleAllowed);
        var active = await PolicyRestartEndToEndTests.PolicyVersionAnsweringAsync(daemon, "before");
        var candidate = await PolicyRestartEndToEndTests.OtherCheckpointAsync(daemon.Directory);
        var settings = daemon.Services.GetRequiredService<SettingsStore>();
        await settings.SetAsync(SettingKeys.CandidatePolicyCheckpoint, candidate.Path, "test", CancellationToken.None);
        await using var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);
        await using var console = await Devices.ConnectBareAsync(daemon.BrokerPort, $"console-{Guid.NewGuid():N}", username: Brokers.ConsoleUser);
        await console.SubscribeAsync("tmo/test1/policy/progress");

        await console.PublishToAsync("tmo/test1/cmd/policy", """{"action":"discard"}""");

        await console.WaitForAsync(m => m.Payload.Contains("\"discarded\"", StringComparison.Ordinal), "the discard");
        Assert.Equal(string.Empty, await settings.GetAsync(SettingKeys.CandidatePolicyCheckpoint, CancellationToken.None));
        Assert.Equal(active, await PolicyRestartEndToEndTests.PolicyVersionAnsweringAsync(daemon, "after"));
    }
}
