using Microsoft.Extensions.Options;

namespace Tmo.Edge.Core.Options;

/// <summary>
/// Names each failure of an options class's attributes by its configuration key. The source-generated validators
/// (<see cref="OptionsValidatorAttribute"/>) report a failure as "Member: message", which leaves an operator to guess the
/// section; "Tmo:LocalLlm:ContextSize: The field ... must be between 128 and 131072." is the line to fix.
/// </summary>
public static class AttributeFailures
{
    public static ValidateOptionsResultBuilder AddAttributeFailures(this ValidateOptionsResultBuilder builder, string section, ValidateOptionsResult attributes)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(attributes);
        foreach (var failure in attributes.Failures ?? [])
        {
            builder.AddError(Keyed(section, failure));
        }

        return builder;
    }

    private static string Keyed(string section, string failure)
    {
        var separator = failure.IndexOf(": ", StringComparison.Ordinal);
        var message = separator < 0 ? failure : failure[(separator + 2)..];

        // An attribute's own ErrorMessage already names its key ("Tmo:DeviceId is required: ...").
        return message.StartsWith($"{section}:", StringComparison.Ordinal) ? message
            : separator < 0 ? $"{section}: {failure}"
            : $"{section}:{failure}";
    }
}
