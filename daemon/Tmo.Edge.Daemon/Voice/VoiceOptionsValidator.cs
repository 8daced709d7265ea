using Microsoft.Extensions.Options;

namespace Tmo.Edge.Daemon.Voice;

/// <summary>Checks "Tmo:Voice": a Whisper model, when one is named, exists.</summary>
public sealed class VoiceOptionsValidator : IValidateOptions<VoiceOptions>
{
    public ValidateOptionsResult Validate(string? name, VoiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Enabled && !File.Exists(options.WhisperModelPath)
            ? ValidateOptionsResult.Fail($"{VoiceOptions.Section}:WhisperModelPath '{options.WhisperModelPath}' does not exist.")
            : ValidateOptionsResult.Success;
    }
}
