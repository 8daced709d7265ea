using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;

namespace Tmo.Edge.Daemon.Metrics;

/// <summary>Checks "Tmo:Metrics" against its ranges: the metrics endpoint's address and port.</summary>
public sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    private static readonly MetricsOptionsAttributes Attributes = new();

    public ValidateOptionsResult Validate(string? name, MetricsOptions options) =>
        new ValidateOptionsResultBuilder().AddAttributeFailures(MetricsOptions.Section, Attributes.Validate(name, options)).Build();
}

/// <summary><see cref="MetricsOptions"/>' attributes, checked by generated code instead of reflection.</summary>
[OptionsValidator]
internal sealed partial class MetricsOptionsAttributes : IValidateOptions<MetricsOptions>;
