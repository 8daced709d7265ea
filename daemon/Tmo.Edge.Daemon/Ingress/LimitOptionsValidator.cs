using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;

namespace Tmo.Edge.Daemon.Ingress;

/// <summary>Checks "Tmo:Limits" against its ranges: the largest inputs the daemon accepts.</summary>
public sealed class LimitOptionsValidator : IValidateOptions<LimitOptions>
{
    private static readonly LimitOptionsAttributes Attributes = new();

    public ValidateOptionsResult Validate(string? name, LimitOptions options) =>
        new ValidateOptionsResultBuilder().AddAttributeFailures(LimitOptions.Section, Attributes.Validate(name, options)).Build();
}

/// <summary><see cref="LimitOptions"/>' attributes, checked by generated code instead of reflection.</summary>
[OptionsValidator]
internal sealed partial class LimitOptionsAttributes : IValidateOptions<LimitOptions>;
