namespace Tmo.Edge.Daemon.Voice;

/// <summary>
/// "Tmo:Voice": speech recognition for `in/voice` audio without a transcript (Whisper.net). With no model, such a
/// message is rejected on `error`; a transcript is always accepted.
/// </summary>
public sealed class VoiceOptions
{
    public const string Section = "Tmo:Voice";

    /// <summary>A ggml Whisper model (e.g. ggml-base.en.bin); empty disables transcription.</summary>
    public string? WhisperModelPath { get; set; }

    /// <summary>Spoken language ("en", "de", ...) or "auto".</summary>
    public string Language { get; set; } = "auto";

    public bool Enabled => !string.IsNullOrWhiteSpace(WhisperModelPath);
}
