using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Daemon.Cli;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Hosting;
using Tmo.Edge.Daemon.Ingress;
using Tmo.Edge.Daemon.Tests.Cli;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Daemon.Tests.Runners;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Connecting;

namespace Tmo.Edge.Daemon.Tests.Ingress;

/// <summary>
/// The daemon's own services, wired as `tmo-edge run` wires them on a temporary data directory, started without any
/// MQTT: no broker, no connection, no pump. Only start-up and the decision loop run; what the daemon publishes is
/// recorded, so tests drive the <see cref="Daemon.Ingress.InboundRouter"/> directly and read what it did.
/// </summary>
public sealed class BrokerlessDaemon : IAsyncLifetime
{
    public const string DeviceId = "test1";

    /// <summary>How long a receipt or a publish may take on a busy 2-core CI machine.</summary>
    private static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(30);

    private readonly string _directory = Directory.CreateTempSubdirectory("tmo-router-").FullName;
    private IHost? _host;

    internal RecordingPublisher Published { get; } = new();

    public TopicLayout Topics { get; } = new($"tmo/{DeviceId}");

    public IServiceProvider Services => _host!.Services;

    private string DataDirectory => Path.Combine(_directory, "data");

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Tmo:DeviceId"] = DeviceId,
            ["Tmo:Storage:DataDirectory"] = DataDirectory,
            ["Tmo:Policy:CheckpointPath"] = await DaemonHost.SmallCheckpointAsync(),
            ["Tmo:Replay:DatasetPath"] = CliRun.DataPath,
            ["Tmo:Replay:SpeedFactor"] = "0",
            ["Tmo:Metrics:Enabled"] = "false",
            ["Tmo:Telemetry:Enabled"] = "false",
        };
        _host = await RunCommand.BuildAsync(null, settings, TimeProvider.System, services =>
        {
            services.RemoveAll<IHostedService>();
            services.AddHostedService<DaemonStartup>();
            services.AddHostedService(provider => provider.GetRequiredService<DecisionLoop>());
            services.RemoveAll<IMessagePublisher>();
            services.AddSingleton<IMessagePublisher>(Published);
        });
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite WAL files can linger a moment after the last connection closes; the OS cleans temp.
        }
    }

    /// <summary>A message as the broker would hand it over, on an account's topic.</summary>
    public InboundMessage FromAccount(string account, string relativeTopic, string payload) =>
        Message(Topics.ForAccount(account, relativeTopic), System.Text.Encoding.UTF8.GetBytes(payload));

    public static InboundMessage Message(string topic, byte[] payload) =>
        new(topic, payload, TimeProvider.System.GetUtcNow()) { ReceivedTimestamp = TimeProvider.System.GetTimestamp() };

    /// <summary>Hands the message to the router as the inbound pump would, and waits for what its receipt says.</summary>
    public async Task<InboundDisposition> AcceptAsync(InboundMessage message)
    {
        var receipt = await Services.GetRequiredService<InboundRouter>().AcceptAsync(message, CancellationToken.None);
        return await receipt.Recorded.WaitAsync(AnswerLimit);
    }

    /// <summary>Rejections go to the account's own error topic, relative to the daemon's prefix like every publish.</summary>
    public static string ErrorTopicOf(string account) => $"{TopicLayout.Users}/{account}/{TopicLayout.Error}";

    public List<byte[]> PublishedOn(string topic) =>
        Published.Published.Where(p => p.Topic == topic).Select(p => p.Payload).ToList();

    /// <summary>The first message published on the topic, once there is one.</summary>
    public Task<byte[]> PublishedOnAsync(string topic) =>
        Eventually.ReturnsAsync(() => PublishedOn(topic).FirstOrDefault(), AnswerLimit);

    /// <summary>The reason of an `error` payload.</summary>
    public static string ErrorReason(byte[] payload)
    {
        using var json = JsonDocument.Parse(payload);
        return json.RootElement.GetProperty("reason").GetString() ?? "";
    }

    public TmoEdgeDbContext OpenDatabase()
    {
        var options = new DbContextOptionsBuilder<TmoEdgeDbContext>();
        options.UseTmoEdgeSqlite(DataDirectory);
        return new TmoEdgeDbContext(options.Options);
    }
}
