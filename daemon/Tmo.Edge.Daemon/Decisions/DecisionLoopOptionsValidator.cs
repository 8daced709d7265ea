using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;

namespace Tmo.Edge.Daemon.Decisions;

/// <summary>Checks "Tmo:Decisions" against its ranges: the decision loop's lanes and their queues.</summary>
public sealed class DecisionLoopOptionsValidator : IValidateOptions<DecisionLoopOptions>
{
    private static readonly DecisionLoopOptionsAttributes Attributes = new();

    public ValidateOptionsResult Validate(string? name, DecisionLoopOptions options) =>
        new ValidateOptionsResultBuilder().AddAttributeFailures(DecisionLoopOptions.Section, Attributes.Validate(name, options)).Build();
}

/// <summary><see cref="DecisionLoopOptions"/>' attributes, checked by generated code instead of reflection.</summary>
[OptionsValidator]
internal sealed partial class DecisionLoopOptionsAttributes : IValidateOptions<DecisionLoopOptions>;
