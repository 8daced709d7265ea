using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.LiveCosts;
using Tmo.Edge.Daemon.Mqtt;

namespace Tmo.Edge.Daemon.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>A tool that hangs must not stall the 1 Hz loop for long.</summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The telemetry source (from "Tmo:Telemetry", validated at start), the shared <see cref="TelemetryState"/>,
    /// the measured cost models and the runner decorators, and the sampling loop as a hosted service. The database
    /// is migrated before the host is built (<see cref="Hosting.DaemonRuntimeLoader"/>).
    /// </summary>
    public static IServiceCollection AddTmoEdgeTelemetry(this IServiceCollection services)
    {
        services.AddValidatedOptions<TelemetryOptions, TelemetryOptionsValidator>().BindConfiguration(TelemetryOptions.Section);
        services.AddSingleton<ICommandRunner>(_ => new ProcessCommandRunner(CommandTimeout));
        services.AddSingleton(provider => TelemetrySources.Create(
            provider.GetRequiredService<IOptions<TelemetryOptions>>().Value,
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ITelemetrySource).Namespace!),
            provider.GetRequiredService<ICommandRunner>()));
        services.AddSingleton(provider => new LocalFeasibility(provider.GetRequiredService<IOptions<TelemetryOptions>>().Value));
        services.AddSingleton(provider => new TelemetryState(provider.GetRequiredService<LocalFeasibility>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DeviceLimitSettings>();
        services.AddSingleton(provider => new LocalCostModel(provider.GetRequiredService<IOptions<TelemetryOptions>>().Value));
        services.AddSingleton(provider => new CloudCostModel(provider.GetRequiredService<IOptions<TelemetryOptions>>().Value));
        services.AddSingleton<LiveCostRunners>();
        services.AddSingleton<IDiscoveryPublisher>(provider => new MqttDiscoveryPublisher(provider.GetRequiredService<MqttConnection>));
        services.AddSingleton<TelemetrySampler>();
        services.AddHostedService(provider => provider.GetRequiredService<TelemetrySampler>());
        return services;
    }
}
