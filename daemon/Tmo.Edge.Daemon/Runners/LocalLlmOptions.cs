using System.ComponentModel.DataAnnotations;

namespace Tmo.Edge.Daemon.Runners;

/// <summary>
/// "Tmo:LocalLlm": the on-device model, run by LLamaSharp in a child process (`tmo-edge llm-host`). With no ModelPath
/// the local action is answered by the replay runner, so the daemon runs with no model at all.
/// </summary>
public sealed class LocalLlmOptions
{
    public const string Section = "Tmo:LocalLlm";

    /// <summary>GGUF model file (e.g. Qwen2.5-0.5B-Instruct Q4_K_M); empty keeps the replay runner.</summary>
    public string? ModelPath { get; set; }

    [Range(128, 131_072)]
    public int ContextSize { get; set; } = 2048;

    /// <summary>Layers offloaded to the GPU (CUDA builds, Jetson); 0 runs on the CPU.</summary>
    [Range(0, 1000)]
    public int GpuLayers { get; set; }

    /// <summary>Decode threads; 0 lets llama.cpp choose.</summary>
    [Range(0, 256)]
    public int Threads { get; set; }

    /// <summary>The most tokens one answer may have (the latency ceiling may stop it earlier).</summary>
    [Range(1, 65_536)]
    public int MaxTokens { get; set; } = 256;

    /// <summary>Sampling temperature; 0 decodes greedily.</summary>
    [Range(0d, 2d)]
    public double Temperature { get; set; } = 0.2;

    /// <summary>Seeds sampling, so an answer is reproducible.</summary>
    public uint Seed { get; set; } = 42;

    /// <summary>The system prompt for tasks without one of their own in <see cref="TaskSystemPrompts"/>.</summary>
    public string SystemPrompt { get; set; } = "You are a helpful assistant on a home robot. Answer briefly.";

    /// <summary>System prompt per task name (e.g. "Query", "Recommendation").</summary>
    public Dictionary<string, string> TaskSystemPrompts { get; set; } = [];

    /// <summary>
    /// A device-built libllama (Jetson: arm64 CUDA) loaded through LLamaSharp's NativeLibraryConfig instead of the
    /// packaged backend; empty uses the backend the daemon was built with (CPU, or CUDA 12 with -p:LlamaBackend=Cuda12).
    /// </summary>
    public string? NativeLibraryPath { get; set; }

    /// <summary>Publish the answer so far on `out/response/partial` while the model generates.</summary>
    public bool StreamPartials { get; set; } = true;

    /// <summary>How often partial text is published at most.</summary>
    [Range(10, 10_000)]
    public int PartialIntervalMs { get; set; } = 250;

    /// <summary>Restart backoff after the model host dies: doubles from the initial delay up to the maximum.</summary>
    [Range(0.05, 600)]
    public double RestartInitialSeconds { get; set; } = 1;

    [Range(0.05, 3600)]
    public double RestartMaxSeconds { get; set; } = 60;

    /// <summary>Loading a large model on a slow SD card takes a while; the host is killed when it takes longer.</summary>
    [Range(1d, 3600d)]
    public double LoadTimeoutSeconds { get; set; } = 300;

    /// <summary>What one call is expected to cost before any has been measured: seconds to the first token.</summary>
    [Range(0d, 600d)]
    public double PriorFirstTokenSeconds { get; set; } = 1;

    /// <summary>What one call is expected to cost before any has been measured: decode rate.</summary>
    [Range(0.01, 100_000)]
    public double PriorTokensPerSecond { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(ModelPath);

    public string SystemPromptFor(string task) => TaskSystemPrompts.TryGetValue(task, out var prompt) ? prompt : SystemPrompt;
}
