using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tmo.Edge.Daemon.Cli;

namespace Tmo.Edge.Daemon.Tests.Hosting;

/// <summary>
/// Every section the daemon binds has its validator registered to run at start (ValidateOnStart): through `run`'s own
/// registrations, a bad value in any of them stops the start with a failure naming its key.
/// </summary>
public sealed class OptionsStartupTests
{
    [Theory]
    [InlineData("Tmo:DeviceId", "kitchen/42")]
    [InlineData("Tmo:Mqtt:Port", "0")]
    [InlineData("Tmo:Budgets:DialogueLatencyS", "-1")]
    [InlineData("Tmo:Limits:MaxJsonDepth", "1")]
    [InlineData("Tmo:Policy:CheckpointPath", "/nowhere/policy.json")]
    [InlineData("Tmo:Replay:DatasetPath", "/nowhere/M4A1.json")]
    [InlineData("Tmo:Decisions:Lanes", "0")]
    [InlineData("Tmo:Metrics:Port", "0")]
    [InlineData("Tmo:LocalLlm:ModelPath", "/nowhere/model.gguf")]
    [InlineData("Tmo:CloudLlm:BaseUrl", "ftp://example.com")]
    [InlineData("Tmo:Voice:WhisperModelPath", "/nowhere/ggml-base.en.bin")]
    [InlineData("Tmo:Telemetry:ThrottleC", "1000")]
    public void A_bad_value_in_any_section_stops_the_start_naming_its_key(string key, string value)
    {
        KeyValuePair<string, string?>[] settings = [new(key, value), new("Tmo:Storage:DataDirectory", Path.GetTempPath())];
        using var services = RunCommand.CreateBuilder(null, settings, TimeProvider.System).Services.BuildServiceProvider();

        var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate());

        var errors = error is AggregateException aggregate ? aggregate.InnerExceptions : [error];
        Assert.Contains(errors.OfType<OptionsValidationException>().SelectMany(e => e.Failures), f => f.StartsWith(key, StringComparison.Ordinal));
    }
}
