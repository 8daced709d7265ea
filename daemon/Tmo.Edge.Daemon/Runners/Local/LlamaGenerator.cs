using System.Diagnostics;
using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;
using LLama.Sampling;
using LLama.Transformers;

namespace Tmo.Edge.Daemon.Runners.Local;

/// <summary>
/// A GGUF model loaded by LLamaSharp in this process, answering one prompt at a time with a fresh context (turns are
/// independent: the decision loop sends each turn with its own prompt). Runs inside `tmo-edge llm-host`, and in the
/// benchmark as the in-process baseline. A native abort here ends the process, which is why the daemon never loads
/// a model itself.
/// </summary>
public sealed class LlamaGenerator : IDisposable
{
    private static readonly Lock NativeSetup = new();
    private static bool _nativeConfigured;

    private readonly LLamaWeights _weights;
    private readonly ModelParams _parameters;
    private readonly StatelessExecutor _executor;
    private readonly LlamaModelSettings _settings;
    private readonly bool _hasChatTemplate;

    private LlamaGenerator(LLamaWeights weights, ModelParams parameters, LlamaModelSettings settings)
    {
        _weights = weights;
        _parameters = parameters;
        _settings = settings;
        _executor = new StatelessExecutor(weights, parameters);
        _hasChatTemplate = weights.Metadata.ContainsKey("tokenizer.chat_template");
    }

    public string ModelName => _weights.Metadata.TryGetValue("general.name", out var name) ? name : Path.GetFileNameWithoutExtension(_settings.ModelPath);

    public string? Architecture => _weights.Metadata.TryGetValue("general.architecture", out var architecture) ? architecture : null;

    public int ContextSize => (int)_parameters.ContextSize!.Value;

    /// <summary>Checks the GGUF header, then loads the weights (native llama.cpp code from here on).</summary>
    /// <exception cref="GgufFormatException">The file is not a GGUF model.</exception>
    public static LlamaGenerator Load(LlamaModelSettings settings, TextWriter nativeLog)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(nativeLog);
        GgufHeader.Read(settings.ModelPath);
        ConfigureNative(settings.NativeLibraryPath, nativeLog);
        var parameters = new ModelParams(settings.ModelPath)
        {
            ContextSize = (uint)settings.ContextSize,
            GpuLayerCount = settings.GpuLayers,
            Threads = settings.Threads > 0 ? settings.Threads : null,
            BatchThreads = settings.Threads > 0 ? settings.Threads : null,
        };
        return new LlamaGenerator(LLamaWeights.LoadFromFile(parameters), parameters, settings);
    }

    /// <summary>
    /// Generates an answer: at most <paramref name="maxTokens"/> tokens (and what the context has room for), stopping
    /// between two tokens once <paramref name="deadline"/> has passed.
    /// </summary>
    /// <param name="onPiece">Called with each token's text as it is generated (may be empty inside a UTF-8 sequence).</param>
    public async Task<GenerationOutcome> GenerateAsync(
        string systemPrompt, string prompt, int maxTokens, TimeSpan deadline, Action<string>? onPiece, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var text = ComposePrompt(systemPrompt, prompt);
        var tokensIn = _weights.Tokenize(text, true, true, Encoding.UTF8).Length;
        var room = ContextSize - tokensIn;
        if (room <= 0)
        {
            throw new InvalidOperationException($"the prompt has {tokensIn} tokens and does not fit the context of {ContextSize}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline > TimeSpan.Zero ? deadline : TimeSpan.FromTicks(1));
        var inference = new InferenceParams
        {
            MaxTokens = Math.Min(maxTokens, room),
            SamplingPipeline = new DefaultSamplingPipeline { Temperature = (float)_settings.Temperature, Seed = _settings.Seed },
        };

        var answer = new StringBuilder();
        var tokensOut = 0;
        var firstToken = TimeSpan.Zero;
        var stop = GenerationStop.Finished;
        try
        {
            await foreach (var piece in _executor.InferAsync(text, inference, timeout.Token))
            {
                if (tokensOut++ == 0)
                {
                    firstToken = clock.Elapsed;
                }

                answer.Append(piece);
                onPiece?.Invoke(piece);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The deadline fired inside a decode: what was generated so far is the answer.
        }

        if (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            stop = GenerationStop.Deadline;
        }
        else if (tokensOut >= inference.MaxTokens)
        {
            stop = GenerationStop.MaxTokens;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var total = clock.Elapsed;
        var decode = total - firstToken;
        var rate = tokensOut > 1 && decode > TimeSpan.Zero ? (tokensOut - 1) / decode.TotalSeconds : 0;
        return new GenerationOutcome(answer.ToString(), tokensIn, tokensOut, firstToken, rate, stop, total);
    }

    public void Dispose() => _weights.Dispose();

    private string ComposePrompt(string systemPrompt, string prompt)
    {
        if (!_hasChatTemplate)
        {
            return string.IsNullOrWhiteSpace(systemPrompt) ? prompt : $"{systemPrompt}\n\nUser: {prompt}\nAssistant:";
        }

        var template = new LLamaTemplate(_weights) { AddAssistant = true };
        if (!string.IsNullOrWhiteSpace(systemPrompt))
        {
            template.Add("system", systemPrompt);
        }

        template.Add("user", prompt);
        return PromptTemplateTransformer.ToModelPrompt(template);
    }

    private static void ConfigureNative(string? libraryPath, TextWriter nativeLog)
    {
        lock (NativeSetup)
        {
            if (_nativeConfigured)
            {
                return;
            }

            if (libraryPath is not null)
            {
                NativeLibraryConfig.LLama.WithLibrary(libraryPath);
            }

            // llama.cpp's own messages: warnings and errors go to the host's stderr, which the daemon keeps to explain a crash.
            NativeLogConfig.llama_log_set((level, message) =>
            {
                if (level is LLamaLogLevel.Warning or LLamaLogLevel.Error)
                {
                    nativeLog.Write(message);
                }
            });
            _nativeConfigured = true;
        }
    }
}
