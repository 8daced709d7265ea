using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Daemon.Mqtt;
using Xunit.Abstractions;

namespace Tmo.Edge.Daemon.Tests.Mqtt;

/// <summary>
/// The daemon's MQTT transport in a real host, wired exactly as production wires it (<c>AddMqttTransport</c>) with
/// a test sink. Disposing it stops the host and fails the test if anything was logged at Error, or at Warning while
/// the test declared none (<see cref="ExpectWarnings"/>).
/// </summary>
internal sealed class DaemonTransport : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _started;

    private DaemonTransport(IHost host, RecordingLoggerProvider logs)
    {
        _host = host;
        Logs = logs;
    }

    public RecordingLoggerProvider Logs { get; }

    public MqttTrafficCounters Counters => _host.Services.GetRequiredService<MqttTrafficCounters>();

    public IMessagePublisher Publisher => _host.Services.GetRequiredService<IMessagePublisher>();

    public IServiceProvider Services => _host.Services;

    /// <summary>Set by tests that break the connection on purpose: warnings about it are then part of the behaviour.</summary>
    public bool ExpectWarnings { get; set; }

    /// <summary>Log events (by name) the test provokes on purpose, at any level.</summary>
    public ISet<string> ExpectedEvents { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// A daemon for device <paramref name="deviceId"/> running its own broker on 127.0.0.1:<paramref name="port"/>,
    /// with the test accounts (<see cref="TestLogins"/>).
    /// </summary>
    public static DaemonTransport WithEmbeddedBroker(int port, string deviceId, IInboundMessageSink sink, ITestOutputHelper? output = null) =>
        Create(port, deviceId, sink, output, new Dictionary<string, string?>
        {
            ["Tmo:Mqtt:Host"] = "",
            ["Tmo:Mqtt:EmbeddedAddress"] = "127.0.0.1",
            ["Tmo:Mqtt:EmbeddedPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Tmo:Mqtt:AccountsFile"] = TestLogins.AccountsFile,
        });

    /// <summary>A daemon for device <paramref name="deviceId"/> connecting to the broker on 127.0.0.1:<paramref name="port"/>.</summary>
    public static DaemonTransport Create(
        int port,
        string deviceId,
        IInboundMessageSink sink,
        ITestOutputHelper? output = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        TimeProvider? time = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Tmo:DeviceId"] = deviceId,
            ["Tmo:Mqtt:Host"] = "127.0.0.1",
            ["Tmo:Mqtt:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Tmo:Mqtt:ClientId"] = $"tmo-edge-{deviceId}",
            ["Tmo:Mqtt:KeepAliveSeconds"] = "5",
            ["Tmo:Mqtt:ReconnectInitialSeconds"] = "0.05",
            ["Tmo:Mqtt:ReconnectMaxSeconds"] = "0.4",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var logs = new RecordingLoggerProvider(output);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddSingleton(sink);
        builder.Services.AddMqttTransport(builder.Configuration);
        return new DaemonTransport(builder.Build(), logs);
    }

    public async Task<DaemonTransport> StartAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _host.StartAsync(timeout.Token);
        _started = true;
        return this;
    }

    public Task WaitConnectedAsync(TimeSpan? timeout = null) =>
        Eventually.HoldsAsync(() => Counters.IsConnected, "the daemon connected, subscribed and online", timeout, () => string.Join("\n", Logs.Entries));

    public async Task StopAsync()
    {
        if (!_started)
        {
            return;
        }

        _started = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();

        var unexpected = Logs.Entries
            .Where(e => !ExpectedEvents.Contains(e.EventName))
            .Where(e => e.Level >= LogLevel.Error || (!ExpectWarnings && e.Level == LogLevel.Warning && e.Category.StartsWith("Tmo.Edge", StringComparison.Ordinal)))
            .ToList();
        Assert.True(unexpected.Count == 0, "Unexpected log entries:\n" + string.Join("\n", unexpected));
    }
}
