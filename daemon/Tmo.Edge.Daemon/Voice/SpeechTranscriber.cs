using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Whisper.net;
using Whisper.net.Wave;

namespace Tmo.Edge.Daemon.Voice;

/// <summary>
/// Turns `in/voice` audio (16 kHz WAV) into a transcript with Whisper.net, when a ggml Whisper model is configured.
/// The model is loaded on first use and kept; transcriptions run one at a time (one model, CPU-bound).
/// </summary>
public sealed partial class SpeechTranscriber(IOptions<VoiceOptions> options, ILogger<SpeechTranscriber> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private WhisperFactory? _factory;

    public bool Available => options.Value.Enabled;

    /// <summary>Why audio cannot be transcribed here, for the `error` topic; null when it can.</summary>
    public string? Unavailable => Available
        ? null
        : $"audio without a transcript: no speech recogniser is configured on this device (set {VoiceOptions.Section}:WhisperModelPath to a ggml Whisper model)";

    /// <exception cref="InvalidDataException">The audio is not a WAV file Whisper can read (16 kHz).</exception>
    public async Task<string> TranscribeAsync(ReadOnlyMemory<byte> wav, CancellationToken cancellationToken)
    {
        if (!Available)
        {
            throw new InvalidOperationException(Unavailable);
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            _factory ??= WhisperFactory.FromPath(options.Value.WhisperModelPath!);
            using var processor = _factory.CreateBuilder().WithLanguage(options.Value.Language).Build();
            using var audio = new MemoryStream(wav.ToArray(), writable: false);
            var text = new System.Text.StringBuilder();
            try
            {
                await foreach (var segment in processor.ProcessAsync(audio, cancellationToken))
                {
                    text.Append(segment.Text);
                }
            }
            catch (Exception ex) when (ex is NotSupportedWaveException or CorruptedWaveException or WhisperProcessingException)
            {
                throw new InvalidDataException($"audio is not a 16 kHz WAV file Whisper can read: {ex.Message}", ex);
            }

            var transcript = text.ToString().Trim();
            LogTranscribed(logger, wav.Length, transcript.Length);
            return transcript;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _factory?.Dispose();
        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Transcribed {Bytes} bytes of audio into {Characters} characters")]
    private static partial void LogTranscribed(ILogger logger, int bytes, int characters);
}
