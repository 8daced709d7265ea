using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;

namespace Tmo.Edge.Daemon.Learning;

/// <summary>Checks "Tmo:Learning" against its ranges: the trigger, the split, the training, the promotion rule and the idle and cool gates.</summary>
public sealed class LearningOptionsValidator : IValidateOptions<LearningOptions>
{
    private static readonly LearningOptionsAttributes Attributes = new();

    public ValidateOptionsResult Validate(string? name, LearningOptions options) =>
        new ValidateOptionsResultBuilder().AddAttributeFailures(LearningOptions.Section, Attributes.Validate(name, options)).Build();
}

/// <summary><see cref="LearningOptions"/>' attributes, checked by generated code instead of reflection.</summary>
[OptionsValidator]
internal sealed partial class LearningOptionsAttributes : IValidateOptions<LearningOptions>;
