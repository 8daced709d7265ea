using Microsoft.Extensions.Options;

namespace Tmo.Edge.Core.Options;

/// <summary>Checks "Tmo": a device id that is one topic level, and a topic prefix that is a topic name.</summary>
public sealed class DaemonIdentityOptionsValidator : IValidateOptions<DaemonIdentityOptions>
{
    private static readonly DaemonIdentityOptionsAttributes Attributes = new();

    public ValidateOptionsResult Validate(string? name, DaemonIdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new ValidateOptionsResultBuilder().AddAttributeFailures(DaemonIdentityOptions.Section, Attributes.Validate(name, options));

        // A prefix is a topic name, not a filter: wildcards would make every subscription and ACL check wrong.
        if (options.TopicPrefix is { } prefix && !string.IsNullOrWhiteSpace(prefix)
            && (prefix.AsSpan().IndexOfAny("+#\0") >= 0 || prefix.Trim('/').Length == 0))
        {
            failures.AddError($"{DaemonIdentityOptions.Section}:TopicPrefix '{prefix}' must be a topic name without '+', '#' or NUL.");
        }

        return failures.Build();
    }
}

/// <summary><see cref="DaemonIdentityOptions"/>' attributes, checked by generated code instead of reflection.</summary>
[OptionsValidator]
internal sealed partial class DaemonIdentityOptionsAttributes : IValidateOptions<DaemonIdentityOptions>;
