using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;

namespace Tmo.Edge.Daemon.Judging;

/// <summary>
/// Checks "Tmo:Judge" against its ranges (the sampled shares, the daily cap, the reply's tokens, the queues and the idle
/// rule), and that a shadow can become idle before it goes stale.
/// </summary>
public sealed class JudgeOptionsValidator : IValidateOptions<JudgeOptions>
{
    private static readonly JudgeOptionsAttributes Attributes = new();

    public ValidateOptionsResult Validate(string? name, JudgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new ValidateOptionsResultBuilder().AddAttributeFailures(JudgeOptions.Section, Attributes.Validate(name, options));
        if (options.ShadowQuietSeconds >= options.ShadowMaxWaitSeconds)
        {
            failures.AddError(
                $"{JudgeOptions.Section}:ShadowQuietSeconds ({options.ShadowQuietSeconds}) must be less than {JudgeOptions.Section}:ShadowMaxWaitSeconds " +
                $"({options.ShadowMaxWaitSeconds}), or every shadow goes stale before the device can be idle.");
        }

        return failures.Build();
    }
}

/// <summary><see cref="JudgeOptions"/>' attributes, checked by generated code instead of reflection.</summary>
[OptionsValidator]
internal sealed partial class JudgeOptionsAttributes : IValidateOptions<JudgeOptions>;
