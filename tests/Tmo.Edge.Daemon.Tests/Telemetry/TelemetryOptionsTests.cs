using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tmo.Edge.Daemon.Cli;

namespace Tmo.Edge.Daemon.Tests.Telemetry;

public sealed class TelemetryOptionsTests
{
    [Fact]
    public async Task An_unknown_source_or_a_missing_trace_stops_the_daemon_at_start_naming_the_key()
    {
        using var unknown = RunCommand.Build(null, [new("Tmo:Telemetry:Source", "psychic")]);
        using var traceless = RunCommand.Build(null, [new("Tmo:Telemetry:Source", "trace"), new("Tmo:Telemetry:TracePath", "/no/such/trace.jsonl")]);

        var unknownFailure = await Assert.ThrowsAsync<OptionsValidationException>(() => unknown.StartAsync());
        var tracelessFailure = await Assert.ThrowsAsync<OptionsValidationException>(() => traceless.StartAsync());

        Assert.Contains(unknownFailure.Failures, f => f.Contains("Tmo:Telemetry:Source 'psychic' is not one of auto, jetson", StringComparison.Ordinal));
        Assert.Contains(tracelessFailure.Failures, f => f.Contains("Tmo:Telemetry:TracePath '/no/such/trace.jsonl'", StringComparison.Ordinal));
    }
}
