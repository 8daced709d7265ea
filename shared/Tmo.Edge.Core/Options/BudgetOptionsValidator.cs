using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Contracts;

namespace Tmo.Edge.Core.Options;

/// <summary>
/// Checks "Tmo:Budgets" against its ranges: those of <see cref="InputLimits"/>, the table `cmd/budget` and the
/// console's Budgets page are held to as well.
/// </summary>
public sealed class BudgetOptionsValidator : IValidateOptions<BudgetOptions>
{
    private static readonly BudgetOptionsAttributes Attributes = new();

    public ValidateOptionsResult Validate(string? name, BudgetOptions options) =>
        new ValidateOptionsResultBuilder().AddAttributeFailures(BudgetOptions.Section, Attributes.Validate(name, options)).Build();
}

/// <summary><see cref="BudgetOptions"/>' attributes, checked by generated code instead of reflection.</summary>
[OptionsValidator]
internal sealed partial class BudgetOptionsAttributes : IValidateOptions<BudgetOptions>;
