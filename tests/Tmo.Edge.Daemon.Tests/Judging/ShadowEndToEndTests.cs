using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Cli;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Hosting;
using Tmo.Edge.Daemon.Ingress;
using Tmo.Edge.Daemon.Judging;
using Tmo.Edge.Daemon.Tests.Cli;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Daemon.Tests.Ingress;
using Tmo.Edge.Daemon.Tests.Runners;
using Tmo.Edge.Daemon.Tests.Runners.Cloud;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Connecting;

namespace Tmo.Edge.Daemon.Tests.Judging;

/// <summary>
/// The daemon as `tmo-edge run` wires it (no MQTT), with the judge and the shadow answerer running against a fake
/// cloud endpoint: the daily cloud cap of 0 makes the local LLM (replay) answer every turn, and the judge's own cap
/// pays for a cloud shadow. The user's answer goes out once, as decided, before the shadow is even started.
/// </summary>
public sealed class ShadowEndToEndTests : IAsyncLifetime
{
    private const string KeyVariable = "TMO_TEST_SHADOW_E2E_KEY";
    private const string Account = "shadow-a1";
    private readonly string _directory = Directory.CreateTempSubdirectory("tmo-shadow-").FullName;
    private readonly RecordingPublisher _published = new();
    private FakeChatEndpoint _cloud = null!;
    private IHost? _host;

    private string DataDirectory => Path.Combine(_directory, "data");

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(KeyVariable, "sk-shadow-e2e");
        _cloud = StartCloud();
        var settings = new Dictionary<string, string?>
        {
            ["Tmo:DeviceId"] = BrokerlessDaemon.DeviceId,
            ["Tmo:Storage:DataDirectory"] = DataDirectory,
            ["Tmo:Policy:CheckpointPath"] = await DaemonHost.SmallCheckpointAsync(),
            ["Tmo:Replay:DatasetPath"] = CliRun.DataPath,
            ["Tmo:Replay:SpeedFactor"] = "0",
            ["Tmo:Metrics:Enabled"] = "false",
            ["Tmo:Telemetry:Enabled"] = "false",
            ["Tmo:Budgets:DailyCloudCapUsd"] = "0",
            ["Tmo:CloudLlm:BaseUrl"] = _cloud.BaseUrl,
            ["Tmo:CloudLlm:ApiKeyEnvironmentVariable"] = KeyVariable,
            ["Tmo:Judge:Share"] = "1",
            ["Tmo:Judge:ShadowShare"] = "1",
            ["Tmo:Judge:ShadowQuietSeconds"] = "0",
        };
        _host = await RunCommand.BuildAsync(null, settings, TimeProvider.System, services =>
        {
            services.RemoveAll<IHostedService>();
            services.AddHostedService<DaemonStartup>();
            services.AddHostedService(provider => provider.GetRequiredService<DecisionLoop>());
            services.AddHostedService(provider => provider.GetRequiredService<TurnJudge>());
            services.AddHostedService(provider => provider.GetRequiredService<ShadowAnswerer>());
            services.RemoveAll<IMessagePublisher>();
            services.AddSingleton<IMessagePublisher>(_published);
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

        await _cloud.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite WAL files can linger a moment after the last connection closes; the OS cleans temp.
        }
    }

    [Fact]
    public async Task A_local_answer_is_published_once_as_decided_before_its_cloud_shadow_is_started_and_the_shadow_publishes_nothing()
    {
        var services = _host!.Services;
        var topics = new TopicLayout($"tmo/{BrokerlessDaemon.DeviceId}");
        var message = BrokerlessDaemon.Message(
            topics.ForAccount(Account, TopicLayout.Prompt), """{"dialogueId":"shadow-d1","text":"What is on the table?"}"""u8.ToArray());

        var receipt = await services.GetRequiredService<InboundRouter>().AcceptAsync(message, CancellationToken.None);
        Assert.Equal(InboundDisposition.Accepted, await receipt.Recorded.WaitAsync(TimeSpan.FromSeconds(30)));
        var shadows = services.GetRequiredService<ShadowAnswerer>();
        await Eventually.HoldsAsync(
            () => shadows.Status.Stored == 1, "the shadow stored", TimeSpan.FromSeconds(60), () => $"{shadows.Status} {string.Join(", ", shadows.Status.Dropped)}");

        await using var db = OpenDatabase();
        var turn = await db.Turns.AsNoTracking().SingleAsync(t => t.DialogueId == "shadow-d1");
        var shadow = await db.ShadowAnswers.AsNoTracking().SingleAsync(s => s.DialogueId == "shadow-d1");
        Assert.Equal(RunnerLocation.Local, turn.Location);
        Assert.Equal((1, RunnerLocation.Cloud), (shadow.Sequence, shadow.Location));
        Assert.True(turn.PublishedAt <= shadow.CreatedAt, $"published {turn.PublishedAt:O}, shadow stored {shadow.CreatedAt:O}");
        // One message to the device in all: the played answer, as the journal recorded it; no partials, no shadow.
        var sent = Assert.Single(_published.Published, p => p.Topic.Contains(Account, StringComparison.Ordinal));
        Assert.Equal(topics.ForAccount(Account, TopicLayout.Response), sent.Topic);
        using var response = JsonDocument.Parse(sent.Payload);
        Assert.Equal(turn.ResponseText, response.RootElement.GetProperty("text").GetString());
        Assert.NotEqual(shadow.ResponseText, turn.ResponseText);
        // The cloud endpoint saw the shadow's call and the judge's two ratings (the played answer's and the shadow's).
        Assert.Equal(3, _cloud.Requests.Count);
    }

    /// <summary>Answers every call with a rating, so it serves as the shadow's cloud LLM and the judge alike.</summary>
    private static FakeChatEndpoint StartCloud() => new() { Next = FakeChatEndpoint.Reply.Answer("{\"score\": 9}", 300, 5) };

    private TmoEdgeDbContext OpenDatabase()
    {
        var options = new DbContextOptionsBuilder<TmoEdgeDbContext>();
        options.UseTmoEdgeSqlite(DataDirectory);
        return new TmoEdgeDbContext(options.Options);
    }
}
