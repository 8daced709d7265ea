using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// Checks "Tmo:Telemetry": its ranges (the device limits' from <see cref="Core.Contracts.InputLimits"/>), a source
/// the daemon knows, and a trace file that exists for the trace source.
/// </summary>
public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    private static readonly TelemetryOptionsAttributes Attributes = new();

    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new ValidateOptionsResultBuilder().AddAttributeFailures(TelemetryOptions.Section, Attributes.Validate(name, options));
        if (!TelemetryOptions.Sources.Contains(options.Source, StringComparer.Ordinal))
        {
            failures.AddError($"{TelemetryOptions.Section}:Source '{options.Source}' is not one of {string.Join(", ", TelemetryOptions.Sources)}.");
        }

        if (options.Source == "trace" && (string.IsNullOrEmpty(options.TracePath) || !File.Exists(options.TracePath)))
        {
            failures.AddError($"{TelemetryOptions.Section}:TracePath '{options.TracePath}' must name an existing trace file for the trace source.");
        }

        return failures.Build();
    }
}

/// <summary><see cref="TelemetryOptions"/>' attributes, checked by generated code instead of reflection.</summary>
[OptionsValidator]
internal sealed partial class TelemetryOptionsAttributes : IValidateOptions<TelemetryOptions>;
