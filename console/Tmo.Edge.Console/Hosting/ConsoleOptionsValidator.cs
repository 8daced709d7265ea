using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;

namespace Tmo.Edge.Console.Hosting;

/// <summary>Checks "Tmo:Console": its address, admin account name and login rules.</summary>
public sealed class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>
{
    private static readonly ConsoleOptionsAttributes Attributes = new();

    public ValidateOptionsResult Validate(string? name, ConsoleOptions options) =>
        new ValidateOptionsResultBuilder().AddAttributeFailures(ConsoleOptions.Section, Attributes.Validate(name, options)).Build();
}

/// <summary><see cref="ConsoleOptions"/>' attributes, checked by generated code instead of reflection.</summary>
[OptionsValidator]
internal sealed partial class ConsoleOptionsAttributes : IValidateOptions<ConsoleOptions>;
