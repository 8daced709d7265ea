using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;

namespace Tmo.Edge.Daemon.Runners;

/// <summary>
/// Checks "Tmo:CloudLlm": its ranges, an http(s) endpoint when one is set, that a named key file exists (never its
/// content), and that the circuit's sampling window is at least twice an attempt's timeout (Polly's rule).
/// </summary>
public sealed class CloudLlmOptionsValidator : IValidateOptions<CloudLlmOptions>
{
    private static readonly CloudLlmOptionsAttributes Attributes = new();

    public ValidateOptionsResult Validate(string? name, CloudLlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new ValidateOptionsResultBuilder().AddAttributeFailures(CloudLlmOptions.Section, Attributes.Validate(name, options));
        if (options.Enabled && !(Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            failures.AddError($"{CloudLlmOptions.Section}:BaseUrl '{options.BaseUrl}' is not an absolute http(s) URL.");
        }

        if (options.ResolvedApiKeyFile is { } keyFile && !File.Exists(keyFile))
        {
            failures.AddError($"{CloudLlmOptions.Section}:ApiKeyFile '{keyFile}' does not exist.");
        }

        if (options.CircuitSamplingSeconds < 2 * options.TimeoutSeconds)
        {
            failures.AddError($"{CloudLlmOptions.Section}:CircuitSamplingSeconds must be at least twice TimeoutSeconds.");
        }

        return failures.Build();
    }
}

/// <summary><see cref="CloudLlmOptions"/>' attributes, checked by generated code instead of reflection.</summary>
[OptionsValidator]
internal sealed partial class CloudLlmOptionsAttributes : IValidateOptions<CloudLlmOptions>;
