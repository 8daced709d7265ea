using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Tmo.Edge.Daemon.Ingress;

public static class IngressServiceCollectionExtensions
{
    /// <summary>
    /// The <see cref="InboundChannel"/> every receiver writes into and the <see cref="InboundPump"/> that drains it into
    /// the registered <see cref="Core.Messaging.IInboundMessageSink"/>. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddInboundChannel(this IServiceCollection services)
    {
        services.TryAddSingleton<InboundChannel>();
        services.TryAddSingleton<InboundPump>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InboundPump>(provider => provider.GetRequiredService<InboundPump>()));
        return services;
    }
}
