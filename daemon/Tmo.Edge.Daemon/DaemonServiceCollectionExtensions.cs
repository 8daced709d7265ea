using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Daemon.Hosting;
using Tmo.Edge.Daemon.Ingress;
using Tmo.Edge.Daemon.Metrics;
using Tmo.Edge.Daemon.Mqtt;
using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Daemon.Policies;
using Tmo.Edge.Data;

namespace Tmo.Edge.Daemon;

/// <summary>Wires the daemon: options (validated at start), storage, start-up, MQTT, the decision loop and metrics.</summary>
public static class DaemonServiceCollectionExtensions
{
    /// <summary>A lane stuck this long on one turn makes the daemon unhealthy (and stops the systemd watchdog).</summary>
    private static readonly TimeSpan StallLimit = TimeSpan.FromMinutes(5);

    public static IServiceCollection AddTmoEdgeDaemon(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        AddValidated<BudgetOptions>(services, BudgetOptions.Section);
        AddValidated<LimitOptions>(services, LimitOptions.Section);
        AddValidated<PolicyOptions>(services, PolicyOptions.Section);
        AddValidated<ReplayOptions>(services, ReplayOptions.Section);
        AddValidated<DecisionLoopOptions>(services, DecisionLoopOptions.Section);
        AddValidated<MetricsOptions>(services, MetricsOptions.Section);

        services.AddTmoEdgeData();
        services.AddLlmRunners();
        services.AddSingleton<DaemonAssets>();
        services.AddSingleton<DaemonMetrics>();
        services.AddSingleton<CloudSpendGuard>();
        services.AddSingleton<LaterTurnPlanner>();
        services.AddSingleton<CameraFrames>();
        services.AddSingleton<SensorReadings>();
        services.AddSingleton<BudgetSettings>();
        services.AddSingleton<ActivePolicyCheckpoint>();
        services.AddSingleton<RetrainedCheckpoints>();
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<PolicyCommandHandler>(provider, provider.GetRequiredService<DeferredMessagePublisher>()));
        services.AddSingleton(provider => new DialogueTracker(
            provider.GetRequiredService<Data.Journal.TurnJournal>(),
            () => provider.GetRequiredService<DaemonAssets>().Dataset.Tasks,
            provider.GetRequiredService<LaterTurnPlanner>().Lengths,
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new DecisionLoopHealth(
            provider.GetRequiredService<IOptions<DecisionLoopOptions>>().Value.Lanes, provider.GetRequiredService<TimeProvider>(), StallLimit));
        services.AddSingleton(provider => new DeferredMessagePublisher(provider.GetRequiredService<IMessagePublisher>));
        services.AddSingleton<DurableWrites>();
        services.AddSingleton<TurnProcessorFactory>();
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<AnswerPublisher>(provider, provider.GetRequiredService<DeferredMessagePublisher>()));
        services.AddSingleton<DialogueMaintenance>();
        services.AddSingleton<DecisionLoop>();
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<InboundRejections>(provider, provider.GetRequiredService<DeferredMessagePublisher>()));
        services.AddSingleton<InboundRouter>();
        services.AddSingleton<IInboundMessageSink>(provider =>
            ActivatorUtilities.CreateInstance<GuardedIngress>(
                provider, (IInboundMessageSink)provider.GetRequiredService<InboundRouter>(), provider.GetRequiredService<Data.Journal.TurnJournal>().Health));

        // Hosted services start in this order: assets first, then the decision loop (resumes pending turns), then MQTT.
        services.AddHostedService<DaemonStartup>();
        services.AddHostedService(provider => provider.GetRequiredService<DecisionLoop>());
        services.AddMqttTransport(configuration);
        services.AddTmoEdgeRetention();
        services.AddTmoEdgeTelemetry();
        services.AddHostedService<MetricsEndpoint>();
        services.AddHostedService<DaemonHealthPublisher>();
        // AddSystemd registers the notifier only under systemd; the watchdog checks IsEnabled itself.
        services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>();
        services.AddHostedService<SystemdWatchdog>();
        return services;
    }

    private static void AddValidated<T>(IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
