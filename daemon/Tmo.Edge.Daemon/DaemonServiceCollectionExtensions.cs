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
using Tmo.Edge.Daemon.Judging;
using Tmo.Edge.Daemon.Learning;
using Tmo.Edge.Daemon.LiveCosts;
using Tmo.Edge.Daemon.Metrics;
using Tmo.Edge.Daemon.Mqtt;
using Tmo.Edge.Daemon.Policies;
using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Daemon.Voice;
using Tmo.Edge.Data;

namespace Tmo.Edge.Daemon;

/// <summary>
/// Wires the daemon: options (validated at start), storage, start-up, MQTT, the decision loop and metrics. The
/// <see cref="DaemonRuntime"/> itself is registered by whoever loaded it (<see cref="Cli.RunCommand"/>).
/// </summary>
public static class DaemonServiceCollectionExtensions
{
    /// <summary>A lane stuck this long on one turn makes the daemon unhealthy (and stops the systemd watchdog).</summary>
    private static readonly TimeSpan StallLimit = TimeSpan.FromMinutes(5);

    public static IServiceCollection AddTmoEdgeDaemon(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<BudgetOptions, BudgetOptionsValidator>().BindConfiguration(BudgetOptions.Section);
        services.AddValidatedOptions<LimitOptions, LimitOptionsValidator>().BindConfiguration(LimitOptions.Section);
        services.AddValidatedOptions<PolicyOptions, PolicyOptionsValidator>().BindConfiguration(PolicyOptions.Section);
        services.AddValidatedOptions<ReplayOptions, ReplayOptionsValidator>().BindConfiguration(ReplayOptions.Section);
        services.AddValidatedOptions<DecisionLoopOptions, DecisionLoopOptionsValidator>().BindConfiguration(DecisionLoopOptions.Section);
        services.AddValidatedOptions<MetricsOptions, MetricsOptionsValidator>().BindConfiguration(MetricsOptions.Section);
        services.AddValidatedOptions<JudgeOptions, JudgeOptionsValidator>().BindConfiguration(JudgeOptions.Section);
        services.AddValidatedOptions<LearningOptions, LearningOptionsValidator>().BindConfiguration(LearningOptions.Section);

        services.AddTmoEdgeData();
        services.AddLlmRunners();
        services.AddSingleton<DaemonRuntimeLoader>();
        AddRuntimeParts(services);
        services.AddSingleton<DaemonMetrics>();
        services.AddSingleton<CloudSpendGuard>();
        services.AddSingleton<LaterTurnPlanner>();
        services.AddSingleton<CameraFrames>();
        services.AddSingleton<SensorReadings>();
        services.AddSingleton<BudgetSettings>();
        services.AddSingleton<ActivePolicyCheckpoint>();
        services.AddSingleton<RetrainedCheckpoints>();
        services.AddSingleton<PolicyProgressTopic>();
        services.AddSingleton<PolicyActivation>();
        services.AddSingleton<TrainingSlot>();
        services.AddSingleton<PolicyCommandHandler>();
        services.AddSingleton<DeviceEvidence>();
        services.AddSingleton<ChampionChallengerRound>();
        services.AddSingleton<LearningStatus>();
        services.AddSingleton<LearningService>();
        services.AddSingleton(provider => new DialogueTracker(
            provider.GetRequiredService<Data.Journal.TurnJournal>(),
            provider.GetRequiredService<DaemonRuntime>().Dataset.Tasks,
            provider.GetRequiredService<LaterTurnPlanner>().Lengths,
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new DecisionLoopHealth(
            provider.GetRequiredService<IOptions<DecisionLoopOptions>>().Value.Lanes, provider.GetRequiredService<TimeProvider>(), StallLimit));
        services.AddSingleton<DurableWrites>();
        services.AddSingleton<TurnProcessorFactory>();
        services.AddSingleton<AnswerPublisher>();
        services.AddSingleton<DialogueMaintenance>();
        services.AddSingleton<JudgeSpend>();
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<TurnJudge>(
            provider, new Func<string?>(() => provider.GetRequiredService<LlmRunners>().Cloud.Unavailable)));
        services.AddSingleton<ShadowIdleRule>();
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<ShadowAnswerer>(
            provider, new Func<LlmRunners>(provider.GetRequiredService<LlmRunners>)));
        services.AddSingleton<DecisionLoop>();
        services.AddSingleton<InboundRejections>();
        services.AddSingleton<InboundRouter>();
        services.AddSingleton<IInboundMessageSink>(provider =>
            ActivatorUtilities.CreateInstance<GuardedIngress>(
                provider, (IInboundMessageSink)provider.GetRequiredService<InboundRouter>(), provider.GetRequiredService<Data.Journal.TurnJournal>().Health));

        // No hosted service relies on the order below: what they share is loaded before the host is built
        // (DaemonRuntimeLoader) or in the Starting phase (DaemonStartup, the embedded broker), and ingestion waits for
        // the decision loop to resume (DecisionLoop.WhenResumedAsync).
        services.AddHostedService<DaemonStartup>();
        services.AddHostedService(provider => provider.GetRequiredService<DecisionLoop>());
        services.AddHostedService(provider => provider.GetRequiredService<TurnJudge>());
        services.AddHostedService(provider => provider.GetRequiredService<ShadowAnswerer>());
        services.AddHostedService(provider => provider.GetRequiredService<LearningService>());
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

    /// <summary>
    /// The parts built from the <see cref="DaemonRuntime"/>, which the host's builder registers once it is loaded
    /// (<see cref="Cli.RunCommand"/>): the policy in force, the message parser and the runners.
    /// </summary>
    private static void AddRuntimeParts(IServiceCollection services)
    {
        services.AddSingleton(provider => new PolicyInForce(provider.GetRequiredService<DaemonRuntime>().StartPolicy));
        services.AddSingleton(provider => new InboundParser(
            provider.GetRequiredService<IOptions<DaemonIdentityOptions>>().Value.Topics,
            provider.GetRequiredService<IOptions<LimitOptions>>().Value,
            provider.GetRequiredService<DaemonRuntime>().StartPolicy.Scenario.ModalityCount,
            provider.GetRequiredService<SpeechTranscriber>().Available));
        services.AddSingleton(provider => LlmRunners.Create(
            provider.GetRequiredService<LlmRunnerFactory>(),
            provider.GetRequiredService<LiveCostRunners>(),
            provider.GetRequiredService<DaemonRuntime>(),
            provider.GetRequiredService<IOptions<ReplayOptions>>().Value.SpeedFactor));
    }
}
