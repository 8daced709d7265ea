using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tmo.Edge.Daemon.Hosting;
using Tmo.Edge.Daemon.Mqtt;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Daemon.Tests.Mqtt;

namespace Tmo.Edge.Daemon.Tests.Hosting;

/// <summary>
/// The daemon does not depend on the order its hosted services are registered in: what they share is loaded before
/// the host is built or in the Starting phase, the broker listens from Starting to Stopped, and ingestion waits for the
/// decision loop to resume. Before that, this order had the health publisher read runners not loaded yet.
/// </summary>
public sealed class StartupOrderTests
{
    [Fact]
    public async Task With_its_hosted_services_registered_in_reverse_order_the_daemon_starts_answers_and_restarts()
    {
        await using var daemon = await DaemonHost.StartAsync(configureServices: ReverseHostedServices);
        var order = daemon.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();
        Assert.Equal(typeof(DaemonStartup), order[^1]);
        Assert.True(order.IndexOf(typeof(MqttConnection)) < order.IndexOf(typeof(EmbeddedBroker)), string.Join(", ", order.Select(t => t.Name)));

        await using (var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId))
        {
            await device.PromptAsync("reversed", "Where did I put my dishes?", "Query");
            Assert.NotEmpty((await device.ResponseAsync("reversed", 1)).Text);
        }

        await daemon.RestartAsync();
        await using (var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId))
        {
            await device.PromptAsync("reversed", "And my keys?", "Query");
            Assert.NotEmpty((await device.ResponseAsync("reversed", 2)).Text);
        }
    }

    private static void ReverseHostedServices(IServiceCollection services)
    {
        var hosted = services.Where(d => d.ServiceType == typeof(IHostedService)).ToList();
        foreach (var descriptor in hosted)
        {
            services.Remove(descriptor);
        }

        hosted.Reverse();
        foreach (var descriptor in hosted)
        {
            services.Add(descriptor);
        }
    }
}
