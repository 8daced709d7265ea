using Microsoft.Extensions.Options;
using Tmo.Edge.Daemon.Cli;

namespace Tmo.Edge.Daemon.Tests.Telemetry;

public sealed class TelemetryOptionsTests
{
    [Fact]
    public async Task An_unknown_source_or_a_missing_trace_stops_the_daemon_at_start_naming_the_key()
    {
        var unknownFailures = await StartFailuresAsync([new("Tmo:Telemetry:Source", "psychic")]);
        var tracelessFailures = await StartFailuresAsync([new("Tmo:Telemetry:Source", "trace"), new("Tmo:Telemetry:TracePath", "/no/such/trace.jsonl")]);

        Assert.Contains(unknownFailures, f => f.Contains("Tmo:Telemetry:Source 'psychic' is not one of auto, jetson", StringComparison.Ordinal));
        Assert.Contains(tracelessFailures, f => f.Contains("Tmo:Telemetry:TracePath '/no/such/trace.jsonl'", StringComparison.Ordinal));
    }

    /// <summary>The validation failures that stop `run` (other sections are left unset and fail too).</summary>
    private static async Task<IEnumerable<string>> StartFailuresAsync(KeyValuePair<string, string?>[] settings)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => RunCommand.BuildAsync(null, settings, TimeProvider.System));
        var errors = error is AggregateException aggregate ? aggregate.InnerExceptions : [error];
        return errors.OfType<OptionsValidationException>().SelectMany(e => e.Failures);
    }
}
