using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Daemon.Policies;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Daemon.Tests.Mqtt;

namespace Tmo.Edge.Daemon.Tests.Learning;

/// <summary>One training at a time: a retraining asked for while a learning round holds the slot is answered busy and does not start.</summary>
public sealed class TrainingSlotTests
{
    [Fact]
    public async Task A_retraining_asked_for_during_a_learning_round_is_answered_busy()
    {
        await using var daemon = await DaemonHost.StartAsync(PolicyRestartEndToEndTests.ConsoleAllowed);
        var slot = daemon.Services.GetRequiredService<TrainingSlot>();
        Assert.True(slot.TryTake());
        await using var console = await Devices.ConnectBareAsync(daemon.BrokerPort, $"console-{Guid.NewGuid():N}", username: Brokers.ConsoleUser);
        await console.SubscribeAsync("tmo/test1/policy/progress");

        await console.PublishToAsync("tmo/test1/cmd/policy", """{"action":"retrain"}""");

        await console.WaitForAsync(
            m => m.Payload.Contains("\"busy\"", StringComparison.Ordinal) && m.Payload.Contains("a learning round is already running", StringComparison.Ordinal),
            "the busy answer");
        Assert.True(daemon.Services.GetRequiredService<PolicyCommandHandler>().Retraining.IsCompleted);
        Assert.True(slot.IsTaken);
    }
}
