using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Ingress;
using Tmo.Edge.Daemon.Mqtt.Access;

namespace Tmo.Edge.Daemon.Mqtt;

public static class MqttServiceCollectionExtensions
{
    /// <summary>
    /// The daemon's MQTT transport: "Tmo" and "Tmo:Mqtt" options (validated at start), the embedded broker (idle when
    /// an external Host is configured), the connection as a hosted service and as <see cref="IMessagePublisher"/>,
    /// the traffic counters and the <see cref="TopicLayout"/>; what arrives goes into the <see cref="InboundChannel"/>
    /// (<see cref="IngressServiceCollectionExtensions.AddInboundChannel"/>), whose <see cref="IInboundMessageSink"/> must
    /// be registered separately. The broker listens from the Starting phase to the Stopped phase, so it is there before
    /// the connection starts and outlives its `offline`, whatever the registration order.
    /// </summary>
    public static IServiceCollection AddMqttTransport(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddValidatedOptions<DaemonIdentityOptions, DaemonIdentityOptionsValidator>().Bind(configuration.GetSection(DaemonIdentityOptions.Section));
        services.AddValidatedOptions<MqttOptions, MqttOptionsValidator>().Bind(configuration.GetSection(MqttOptions.Section));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<DaemonIdentityOptions>>().Value.Topics);
        services.TryAddSingleton<MqttTrafficCounters>();

        services.AddInboundChannel();
        services.TryAddSingleton<EmbeddedBrokerLogin>();
        services.TryAddSingleton<EmbeddedIngress>();
        services.TryAddSingleton<EmbeddedBroker>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());

        services.TryAddSingleton<MqttConnection>();
        services.TryAddSingleton<IMessagePublisher>(sp => sp.GetRequiredService<MqttConnection>());
        services.AddHostedService(sp => sp.GetRequiredService<MqttConnection>());
        return services;
    }
}
