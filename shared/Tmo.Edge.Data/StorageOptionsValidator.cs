using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;

namespace Tmo.Edge.Data;

/// <summary>Checks "Tmo:Storage": a data directory is named, and retention, lock wait and size cap are in range.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    private static readonly StorageOptionsAttributes Attributes = new();

    public ValidateOptionsResult Validate(string? name, StorageOptions options) =>
        new ValidateOptionsResultBuilder().AddAttributeFailures(StorageOptions.Section, Attributes.Validate(name, options)).Build();
}

/// <summary><see cref="StorageOptions"/>' attributes, checked by generated code instead of reflection.</summary>
[OptionsValidator]
internal sealed partial class StorageOptionsAttributes : IValidateOptions<StorageOptions>;
