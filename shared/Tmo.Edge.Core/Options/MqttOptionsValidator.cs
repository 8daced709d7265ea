using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Messaging;

namespace Tmo.Edge.Core.Options;

/// <summary>
/// Checks "Tmo:Mqtt": its ranges, that the password file and the broker's CA exist (the CA also that it reads as PEM
/// certificates and is used with TLS), and that the backoff and the per-client queue fit their counterparts.
/// </summary>
public sealed class MqttOptionsValidator : IValidateOptions<MqttOptions>
{
    private static readonly MqttOptionsAttributes Attributes = new();

    public ValidateOptionsResult Validate(string? name, MqttOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new ValidateOptionsResultBuilder().AddAttributeFailures(MqttOptions.Section, Attributes.Validate(name, options));
        if (!string.IsNullOrEmpty(options.PasswordFile) && !File.Exists(options.PasswordFile))
        {
            failures.AddError($"{MqttOptions.Section}:PasswordFile '{options.PasswordFile}' does not exist.");
        }

        if (!string.IsNullOrEmpty(options.CaCertificateFile) && CaCertificateProblem(options.CaCertificateFile, options.UseTls) is { } problem)
        {
            failures.AddError($"{MqttOptions.Section}:CaCertificateFile {problem}");
        }

        if (options.MaxQueuedBytesPerClient < options.MaxPacketBytes)
        {
            failures.AddError($"{MqttOptions.Section}:MaxQueuedBytesPerClient must be at least MaxPacketBytes, or a client could not be sent one largest message.");
        }

        if (options.ReconnectMaxSeconds < options.ReconnectInitialSeconds)
        {
            failures.AddError($"{MqttOptions.Section}:ReconnectMaxSeconds must be at least ReconnectInitialSeconds.");
        }

        return failures.Build();
    }

    private static string? CaCertificateProblem(string caCertificateFile, bool useTls)
    {
        if (!useTls)
        {
            return "is set but UseTls is false: the CA only checks a TLS connection.";
        }

        if (!File.Exists(caCertificateFile))
        {
            return $"'{caCertificateFile}' does not exist.";
        }

        try
        {
            BrokerCertificateAuthority.Load(caCertificateFile);
            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException or CryptographicException or IOException or UnauthorizedAccessException)
        {
            return $"'{caCertificateFile}' cannot be read as PEM certificates: {ex.Message}";
        }
    }
}

/// <summary><see cref="MqttOptions"/>' attributes, checked by generated code instead of reflection.</summary>
[OptionsValidator]
internal sealed partial class MqttOptionsAttributes : IValidateOptions<MqttOptions>;
