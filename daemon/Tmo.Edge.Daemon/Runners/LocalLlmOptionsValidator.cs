using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;

namespace Tmo.Edge.Daemon.Runners;

/// <summary>
/// Checks "Tmo:LocalLlm": its ranges, that the model and a device-built libllama exist when named, and that the
/// restart backoff's ceiling is not below its start.
/// </summary>
public sealed class LocalLlmOptionsValidator : IValidateOptions<LocalLlmOptions>
{
    private static readonly LocalLlmOptionsAttributes Attributes = new();

    public ValidateOptionsResult Validate(string? name, LocalLlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new ValidateOptionsResultBuilder().AddAttributeFailures(LocalLlmOptions.Section, Attributes.Validate(name, options));
        if (options.Enabled && !File.Exists(options.ModelPath))
        {
            failures.AddError($"{LocalLlmOptions.Section}:ModelPath '{options.ModelPath}' does not exist.");
        }

        if (!string.IsNullOrWhiteSpace(options.NativeLibraryPath) && !File.Exists(options.NativeLibraryPath))
        {
            failures.AddError($"{LocalLlmOptions.Section}:NativeLibraryPath '{options.NativeLibraryPath}' does not exist.");
        }

        if (options.RestartMaxSeconds < options.RestartInitialSeconds)
        {
            failures.AddError($"{LocalLlmOptions.Section}:RestartMaxSeconds must be at least RestartInitialSeconds.");
        }

        return failures.Build();
    }
}

/// <summary><see cref="LocalLlmOptions"/>' attributes, checked by generated code instead of reflection.</summary>
[OptionsValidator]
internal sealed partial class LocalLlmOptionsAttributes : IValidateOptions<LocalLlmOptions>;
