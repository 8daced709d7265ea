using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;

namespace Tmo.Edge.Daemon.Judging;

/// <summary>Checks "Tmo:Judge" against its ranges: the sampled share, the daily cap, the reply's tokens and the queue.</summary>
public sealed class JudgeOptionsValidator : IValidateOptions<JudgeOptions>
{
    private static readonly JudgeOptionsAttributes Attributes = new();

    public ValidateOptionsResult Validate(string? name, JudgeOptions options) =>
        new ValidateOptionsResultBuilder().AddAttributeFailures(JudgeOptions.Section, Attributes.Validate(name, options)).Build();
}

/// <summary><see cref="JudgeOptions"/>' attributes, checked by generated code instead of reflection.</summary>
[OptionsValidator]
internal sealed partial class JudgeOptionsAttributes : IValidateOptions<JudgeOptions>;
