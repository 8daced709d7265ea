using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;

namespace Tmo.Edge.Daemon.Runners;

/// <summary>
/// Checks "Tmo:Replay": the M4A1 file is named and exists, and the speed factor is in range. Loading it is the
/// start-up's job (<see cref="Hosting.DaemonRuntimeLoader"/>), not the options'.
/// </summary>
public sealed class ReplayOptionsValidator : IValidateOptions<ReplayOptions>
{
    private static readonly ReplayOptionsAttributes Attributes = new();

    public ValidateOptionsResult Validate(string? name, ReplayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new ValidateOptionsResultBuilder().AddAttributeFailures(ReplayOptions.Section, Attributes.Validate(name, options));
        if (!string.IsNullOrEmpty(options.DatasetPath) && !File.Exists(options.DatasetPath))
        {
            failures.AddError($"{ReplayOptions.Section}:DatasetPath '{options.DatasetPath}' does not exist.");
        }

        return failures.Build();
    }
}

/// <summary><see cref="ReplayOptions"/>' attributes, checked by generated code instead of reflection.</summary>
[OptionsValidator]
internal sealed partial class ReplayOptionsAttributes : IValidateOptions<ReplayOptions>;
