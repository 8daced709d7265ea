using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Ingress;
using Tmo.Edge.Daemon.Metrics;
using Tmo.Edge.Daemon.Policies;
using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Daemon.Voice;

namespace Tmo.Edge.Daemon.Tests.Hosting;

/// <summary>Each of the daemon's validators: the defaults (or a minimal valid section) pass, a bad value is refused naming its key.</summary>
public sealed class DaemonOptionsValidatorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tmo-options-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Limits()
    {
        Assert.Empty(Failures(new LimitOptionsValidator(), new LimitOptions()));
        Assert.StartsWith("Tmo:Limits:MaxJsonDepth: ", Assert.Single(Failures(new LimitOptionsValidator(), new LimitOptions { MaxJsonDepth = 1 })), StringComparison.Ordinal);
    }

    [Fact]
    public void Decision_loop()
    {
        Assert.Empty(Failures(new DecisionLoopOptionsValidator(), new DecisionLoopOptions()));
        Assert.StartsWith("Tmo:Decisions:Lanes: ", Assert.Single(Failures(new DecisionLoopOptionsValidator(), new DecisionLoopOptions { Lanes = 0 })), StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics()
    {
        Assert.Empty(Failures(new MetricsOptionsValidator(), new MetricsOptions()));
        Assert.StartsWith("Tmo:Metrics:Port: ", Assert.Single(Failures(new MetricsOptionsValidator(), new MetricsOptions { Port = 70_000 })), StringComparison.Ordinal);
        Assert.StartsWith("Tmo:Metrics:Address: ", Assert.Single(Failures(new MetricsOptionsValidator(), new MetricsOptions { Address = "" })), StringComparison.Ordinal);
    }

    [Fact]
    public void Policy()
    {
        var checkpoint = ExistingFile("policy.json");

        Assert.Empty(Failures(new PolicyOptionsValidator(), new PolicyOptions { CheckpointPath = checkpoint }));
        Assert.StartsWith("Tmo:Policy:CheckpointPath is required", Assert.Single(Failures(new PolicyOptionsValidator(), new PolicyOptions())), StringComparison.Ordinal);
        Assert.Equal(
            $"Tmo:Policy:CheckpointPath '{checkpoint}.missing' does not exist.",
            Assert.Single(Failures(new PolicyOptionsValidator(), new PolicyOptions { CheckpointPath = checkpoint + ".missing" })));
    }

    [Fact]
    public void Replay()
    {
        var dataset = ExistingFile("M4A1.json");

        Assert.Empty(Failures(new ReplayOptionsValidator(), new ReplayOptions { DatasetPath = dataset }));
        Assert.StartsWith("Tmo:Replay:SpeedFactor: ", Assert.Single(Failures(new ReplayOptionsValidator(), new ReplayOptions { DatasetPath = dataset, SpeedFactor = -1 })), StringComparison.Ordinal);
        Assert.Equal(
            $"Tmo:Replay:DatasetPath '{dataset}.missing' does not exist.",
            Assert.Single(Failures(new ReplayOptionsValidator(), new ReplayOptions { DatasetPath = dataset + ".missing" })));
    }

    [Fact]
    public void Local_llm()
    {
        Assert.Empty(Failures(new LocalLlmOptionsValidator(), new LocalLlmOptions { ModelPath = ExistingFile("model.gguf") }));
        Assert.StartsWith("Tmo:LocalLlm:ContextSize: ", Assert.Single(Failures(new LocalLlmOptionsValidator(), new LocalLlmOptions { ContextSize = 1 })), StringComparison.Ordinal);
        Assert.StartsWith(
            "Tmo:LocalLlm:RestartMaxSeconds ",
            Assert.Single(Failures(new LocalLlmOptionsValidator(), new LocalLlmOptions { RestartInitialSeconds = 10, RestartMaxSeconds = 5 })),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Cloud_llm()
    {
        Assert.Empty(Failures(new CloudLlmOptionsValidator(), new CloudLlmOptions { BaseUrl = "https://example.com/v1", ApiKeyFile = ExistingFile("key") }));
        Assert.StartsWith("Tmo:CloudLlm:Model is required", Assert.Single(Failures(new CloudLlmOptionsValidator(), new CloudLlmOptions { Model = "" })), StringComparison.Ordinal);
        Assert.StartsWith("Tmo:CloudLlm:MaxRetries: ", Assert.Single(Failures(new CloudLlmOptionsValidator(), new CloudLlmOptions { MaxRetries = 11 })), StringComparison.Ordinal);
    }

    [Fact]
    public void Voice()
    {
        Assert.Empty(Failures(new VoiceOptionsValidator(), new VoiceOptions { WhisperModelPath = ExistingFile("ggml-base.en.bin") }));
        Assert.Equal(
            "Tmo:Voice:WhisperModelPath '/nowhere/ggml-base.en.bin' does not exist.",
            Assert.Single(Failures(new VoiceOptionsValidator(), new VoiceOptions { WhisperModelPath = "/nowhere/ggml-base.en.bin" })));
    }

    [Fact]
    public void Telemetry_device_limits_are_held_to_the_input_limits_table()
    {
        Assert.Empty(Failures(new TelemetryOptionsValidator(), new TelemetryOptions()));
        Assert.Empty(Failures(new TelemetryOptionsValidator(), new TelemetryOptions { ThrottleC = InputLimits.MaxThermalLimitC, PowerCapW = InputLimits.MaxPowerCapW }));
        Assert.StartsWith(
            "Tmo:Telemetry:ThrottleC: ",
            Assert.Single(Failures(new TelemetryOptionsValidator(), new TelemetryOptions { ThrottleC = InputLimits.MaxThermalLimitC + 1 })),
            StringComparison.Ordinal);
        Assert.StartsWith("Tmo:Telemetry:Source 'psychic'", Assert.Single(Failures(new TelemetryOptionsValidator(), new TelemetryOptions { Source = "psychic" })), StringComparison.Ordinal);
    }

    [Fact]
    public void Telemetry_ranges_are_the_input_limits_cmd_budget_and_the_console_are_held_to()
    {
        (InputRange Range, Func<double, TelemetryOptions> Telemetry)[] table =
        [
            (InputLimits.ThermalLimitC, value => new TelemetryOptions { ThrottleC = value }),
            (InputLimits.PowerCapW, value => new TelemetryOptions { PowerCapW = value }),
            (InputLimits.MemoryMarginMB, value => new TelemetryOptions { MemoryMarginMB = value }),
        ];

        foreach (var (range, telemetry) in table)
        {
            Assert.Empty(Failures(new TelemetryOptionsValidator(), telemetry(range.Min)));
            Assert.Empty(Failures(new TelemetryOptionsValidator(), telemetry(range.Max)));
            Assert.Single(Failures(new TelemetryOptionsValidator(), telemetry(Math.BitDecrement(range.Min))));
            Assert.Single(Failures(new TelemetryOptionsValidator(), telemetry(Math.BitIncrement(range.Max))));
        }
    }

    private string ExistingFile(string name)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, "");
        return path;
    }

    private static List<string> Failures<T>(IValidateOptions<T> validator, T options)
        where T : class
    {
        var result = validator.Validate(null, options);
        Assert.Equal(result.Failed, result.Failures?.Any() == true);
        return [.. result.Failures ?? []];
    }
}
