using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Daemon.Voice;

namespace Tmo.Edge.Daemon.Tests.Runners;

/// <summary>A bad runner setting stops the daemon at start with a message that names the key.</summary>
public sealed class RunnerOptionsTests
{
    private static string[] Failures(LocalLlmOptions options) => new LocalLlmOptionsValidator().Validate(null, options).Failures?.ToArray() ?? [];

    private static string[] Failures(CloudLlmOptions options) => new CloudLlmOptionsValidator().Validate(null, options).Failures?.ToArray() ?? [];

    private static string[] Failures(VoiceOptions options) => new VoiceOptionsValidator().Validate(null, options).Failures?.ToArray() ?? [];

    [Fact]
    public void Unset_model_endpoint_and_whisper_model_are_valid_and_mean_replay()
    {
        Assert.Empty(Failures(new LocalLlmOptions()));
        Assert.Empty(Failures(new CloudLlmOptions()));
        Assert.Empty(Failures(new VoiceOptions()));
        Assert.False(new LocalLlmOptions().Enabled || new CloudLlmOptions().Enabled || new VoiceOptions().Enabled);
    }

    [Fact]
    public void Missing_files_and_bad_urls_are_reported_with_their_key()
    {
        Assert.Contains(Failures(new LocalLlmOptions { ModelPath = "/nowhere/model.gguf" }), f => f.Contains("Tmo:LocalLlm:ModelPath '/nowhere/model.gguf' does not exist", StringComparison.Ordinal));
        Assert.Contains(Failures(new LocalLlmOptions { NativeLibraryPath = "/nowhere/libllama.so" }), f => f.Contains("Tmo:LocalLlm:NativeLibraryPath", StringComparison.Ordinal));
        Assert.Contains(Failures(new CloudLlmOptions { BaseUrl = "ftp://example.com" }), f => f.Contains("Tmo:CloudLlm:BaseUrl", StringComparison.Ordinal));
        Assert.Contains(Failures(new CloudLlmOptions { BaseUrl = "https://example.com/v1", ApiKeyFile = "/nowhere/key" }), f => f.Contains("Tmo:CloudLlm:ApiKeyFile", StringComparison.Ordinal));
        Assert.Contains(Failures(new CloudLlmOptions { TimeoutSeconds = 40, CircuitSamplingSeconds = 60 }), f => f.Contains("Tmo:CloudLlm:CircuitSamplingSeconds", StringComparison.Ordinal));
        Assert.Contains(Failures(new VoiceOptions { WhisperModelPath = "/nowhere/ggml-base.en.bin" }), f => f.Contains("Tmo:Voice:WhisperModelPath", StringComparison.Ordinal));
    }
}
