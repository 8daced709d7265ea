using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Daemon.Hosting;
using Tmo.Edge.Daemon.Ingress;
using Tmo.Edge.Daemon.LiveCosts;
using Tmo.Edge.Daemon.Replay;
using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Daemon.Runners.Cloud;
using Tmo.Edge.Daemon.Runners.Local;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Daemon.Tests.Runners.Cloud;
using Tmo.Edge.Daemon.Tests.Runners.Local;

using Tmo.Edge.Daemon.Tests.Mqtt;

namespace Tmo.Edge.Daemon.Tests.Runners;

/// <summary>The daemon as `tmo-edge run` wires it, with real runners configured, on its MQTT bus.</summary>
public sealed class RealRunnerEndToEndTests
{
    private static Dictionary<string, string?> LocalModel(string path) => new()
    {
        ["Tmo:LocalLlm:ModelPath"] = path,
        ["Tmo:LocalLlm:ContextSize"] = "1024",
        ["Tmo:LocalLlm:Threads"] = "1",
        ["Tmo:LocalLlm:MaxTokens"] = "8",
        ["Tmo:LocalLlm:RestartInitialSeconds"] = "0.2",
        ["Tmo:LocalLlm:RestartMaxSeconds"] = "1",
    };

    [Fact]
    public async Task Without_a_model_or_an_endpoint_both_actions_replay()
    {
        await using var daemon = await DaemonHost.StartAsync();

        var runners = daemon.Services.GetRequiredService<LlmRunners>();

        Assert.IsType<ReplayRunner>(runners.Local.Backend());
        Assert.IsType<ReplayRunner>(runners.Cloud.Backend());
    }

    [Fact]
    public async Task A_local_model_that_aborts_is_masked_and_the_daemon_answers_through_the_cloud()
    {
        await using var daemon = await DaemonHost.StartAsync(LocalModel(TinyModelFiles.Aborting));
        await using var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);
        var local = Assert.IsType<LocalLlmRunner>(daemon.Services.GetRequiredService<LlmRunners>().Local.Backend());
        await Eventually.ReturnsAsync(() => local.Unavailable is { } r && r.Contains("SIGABRT", StringComparison.Ordinal) ? r : null, TimeSpan.FromSeconds(60));

        for (var d = 0; d < 3; d++)
        {
            await device.PromptAsync($"crash-{d}", "Where did I put my dishes?", "Query");
        }

        for (var d = 0; d < 3; d++)
        {
            var response = await device.ResponseAsync($"crash-{d}", 1);
            Assert.Null(response.Error);
            Assert.InRange(response.Decision.Action, 1, 8);
            var masked = Assert.Single(response.Decision.Masked, m => m.Action == 0);
            Assert.Contains("local LLM unavailable", masked.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_configured_model_and_endpoint_replace_the_replay_runners_and_answer()
    {
        await using var endpoint = new FakeChatEndpoint { Next = FakeChatEndpoint.Reply.Answer("From the cloud.", 90, 4) };
        var keyFile = Path.Combine(Path.GetTempPath(), $"tmo-cloud-key-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(keyFile, "sk-end-to-end");
        try
        {
            var settings = LocalModel(TinyModelFiles.Good);
            settings["Tmo:CloudLlm:BaseUrl"] = endpoint.BaseUrl;
            settings["Tmo:CloudLlm:Model"] = "edge-test";
            settings["Tmo:CloudLlm:ApiKeyFile"] = keyFile;
            await using var daemon = await DaemonHost.StartAsync(settings);
            await using var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);
            var runners = daemon.Services.GetRequiredService<LlmRunners>();
            var local = Assert.IsType<LocalLlmRunner>(runners.Local.Backend());
            Assert.IsType<OpenAiCloudRunner>(runners.Cloud.Backend());
            await LocalLlmRunnerTests.WaitUntilAvailableAsync(local);

            // Every camera has a frame, so whichever views the policy picks are uploaded.
            for (var view = 0; view < 3; view++)
            {
                await device.PublishAsync($"in/camera/{view}", CameraFrameGenerator.Jpeg(view, dialogue: 1));
            }

            var frames = daemon.Services.GetRequiredService<CameraFrames>();
            await Eventually.ReturnsAsync(() => frames.For(TestLogins.Device, [0, 1, 2]).Count == 3 ? "stored" : null, TimeSpan.FromSeconds(30));
            await device.PromptAsync("real-1", "Where did I put my dishes?", "Query");
            var response = await device.ResponseAsync("real-1", 1, TimeSpan.FromSeconds(30));

            Assert.Null(response.Error);
            if (response.Decision.Action == 0)
            {
                Assert.NotEqual("From the cloud.", response.Text);
                Assert.Equal(0, response.UsageUsd);
            }
            else
            {
                Assert.Equal("From the cloud.", response.Text);
                Assert.Equal("Bearer sk-end-to-end", endpoint.Requests[0].Authorization);
                Assert.Equal(response.Decision.Views.Count, endpoint.Requests[0].ImageUrls.Count);
            }
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    [Fact]
    public async Task A_voice_transcript_is_answered_like_a_prompt()
    {
        await using var daemon = await DaemonHost.StartAsync();
        await using var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);

        await device.PublishAsync("in/voice", JsonSerializer.Serialize(
            new VoiceMessage("voice-1", Transcript: "Where did I put my dishes?"), ContractJsonContext.Default.VoiceMessage));
        var response = await device.ResponseAsync("voice-1", 1);

        Assert.Null(response.Error);
        Assert.NotEmpty(response.Text);
    }

    [Fact]
    public async Task Voice_audio_without_a_whisper_model_gets_a_clear_error()
    {
        await using var daemon = await DaemonHost.StartAsync();
        await using var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);

        await device.PublishAsync("in/voice", """{"dialogueId":"voice-2","audio":"UklGRiQAAABXQVZFZm10IBAAAAABAAEAgD4AAAB9AAACABAAZGF0YQAAAAA="}""");
        var error = await Eventually.ReturnsAsync(() => device.Errors.FirstOrDefault(e => e.Topic.EndsWith("in/voice", StringComparison.Ordinal)));

        Assert.Contains("no speech recogniser", error.Reason, StringComparison.Ordinal);
        Assert.Contains("Tmo:Voice:WhisperModelPath", error.Reason, StringComparison.Ordinal);
        Assert.Empty(device.Responses);
    }
}
