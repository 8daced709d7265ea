using Microsoft.Extensions.Logging;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Mqtt;

namespace Tmo.Edge.Daemon.Runners.Local;

/// <summary>
/// The on-device LLM: a GGUF model served by `tmo-edge llm-host`, a child process, so a native abort in llama.cpp
/// (a damaged model, a driver fault) ends only that child. While the child is loading, dead or restarting (with
/// backoff), <see cref="Unavailable"/> says why and the decision loop masks the local action, answering through the
/// cloud. Calls are serialised (one model, one generation at a time); each stops at the shield's latency ceiling.
/// </summary>
public sealed partial class LocalLlmRunner : ILlmRunner, IAsyncDisposable
{
    /// <summary>Kept back from the ceiling for the pipe round trip and process scheduling.</summary>
    private static readonly TimeSpan IpcMargin = TimeSpan.FromMilliseconds(50);

    /// <summary>A host that has stayed up this long has recovered: the next crash restarts it after the initial delay.</summary>
    private static readonly TimeSpan StableUptime = TimeSpan.FromMinutes(1);

    private const string CalibrationPrompt = "Say hello.";
    private const int CalibrationTokens = 16;

    private readonly LocalLlmOptions _options;
    private readonly LlamaModelSettings _settings;
    private readonly LlmHostLaunch _launch;
    private readonly PartialResponses? _partials;
    private readonly TimeProvider _time;
    private readonly ILogger<LocalLlmRunner> _logger;
    private readonly LocalCostEstimate _estimate;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private volatile LlmHostProcess? _host;
    private volatile string? _unavailable;
    private Task _supervisor = Task.CompletedTask;

    public LocalLlmRunner(LocalLlmOptions options, LlmHostLaunch launch, PartialResponses? partials, TimeProvider time, ILogger<LocalLlmRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _settings = LlamaModelSettings.From(options);
        _launch = launch;
        _partials = partials;
        _time = time;
        _logger = logger;
        _estimate = new LocalCostEstimate(options.PriorFirstTokenSeconds, options.PriorTokensPerSecond, options.MaxTokens);
        _unavailable = $"local LLM: {Path.GetFileName(_settings.ModelPath)} is not loaded yet";
    }

    public RunnerLocation Location => RunnerLocation.Local;

    public string Name => "llama-local";

    public string? Unavailable => _unavailable;

    /// <summary>The running host's process id (tests and diagnostics), or null while there is none.</summary>
    public int? HostProcessId => _host?.ProcessId;

    /// <summary>Starts the model host in the background; the runner is available once it has loaded the model.</summary>
    public void Start() => _supervisor = Task.Run(() => SuperviseAsync(_stopping.Token));

    public CostQuote Quote(RunnerRequest request) => new(_estimate.ExpectedLatencyS + IpcMargin.TotalSeconds, 0);

    public async Task<RunnerResult> RunAsync(RunnerRequest request, CostQuote ceiling, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = _time.GetTimestamp();
        var limit = TimeSpan.FromSeconds(ceiling.LatencyS);
        if (!await _gate.WaitAsync(limit, cancellationToken))
        {
            throw new TimeoutException($"the local LLM stayed busy past the {ceiling.LatencyS:0.###} s ceiling");
        }

        try
        {
            var host = _host ?? throw new LlmHostException(_unavailable ?? "the local LLM is not running");
            // The child checks the deadline between tokens: one more token and the trip back must still fit.
            var lastToken = TimeSpan.FromSeconds(Math.Min(1, _estimate.TokenSeconds));
            var deadline = limit - _time.GetElapsedTime(started) - IpcMargin - lastToken;
            if (deadline <= TimeSpan.Zero)
            {
                throw new TimeoutException($"no time left of the {ceiling.LatencyS:0.###} s ceiling after waiting for the local LLM");
            }

            var partial = _options.StreamPartials && request.Reply is { } reply ? _partials?.Begin(reply, request.DialogueId, request.Turn) : null;
            var done = await host.GenerateAsync(
                _options.SystemPromptFor(request.Task),
                PromptText.Compose(request),
                _options.MaxTokens,
                deadline,
                partial is null ? null : partial.Add,
                TimeSpan.FromMilliseconds(_options.PartialIntervalMs),
                HardLimit(deadline),
                cancellationToken);
            if (partial is not null)
            {
                await partial.CompleteAsync();
            }

            _estimate.Record(done.TimeToFirstTokenS, done.TokensPerSecond, done.TokensOut, truncated: done.Stop != GenerationStop.Finished);
            var stats = new GenerationStats(done.TokensIn, done.TokensOut, TimeSpan.FromSeconds(done.TimeToFirstTokenS), done.TokensPerSecond);
            LogAnswered(_logger, request.DialogueId, request.Turn, done.TokensIn, done.TokensOut, done.TimeToFirstTokenS, done.TokensPerSecond, done.Stop);
            return new RunnerResult(done.Text, _time.GetElapsedTime(started).TotalSeconds, UsageUsd: 0, EnergyJ: 0, Generation: stats);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _supervisor;
        _stopping.Dispose();
        _gate.Dispose();
    }

    /// <summary>
    /// One short generation before the model takes turns, so the first quotes use this device's measured speed, not the
    /// priors: with a prior far off, the shield could mask (or overcommit) the local action until a turn is measured.
    /// </summary>
    private async Task CalibrateAsync(LlmHostProcess host, CancellationToken stopping)
    {
        var limit = TimeSpan.FromSeconds(_options.LoadTimeoutSeconds);
        var probe = await host.GenerateAsync(string.Empty, CalibrationPrompt, CalibrationTokens, limit, null, TimeSpan.Zero, HardLimit(limit), stopping);
        _estimate.Record(probe.TimeToFirstTokenS, probe.TokensPerSecond, probe.TokensOut, truncated: true);
        LogCalibrated(_logger, probe.TimeToFirstTokenS, probe.TokensPerSecond);
    }

    /// <summary>
    /// The child stops itself at the deadline (between two tokens); only a child stuck far past it, in a prompt
    /// that takes forever to read or a hung driver, is killed.
    /// </summary>
    private static TimeSpan HardLimit(TimeSpan deadline) => (deadline * 2) + TimeSpan.FromSeconds(5);

    private async Task SuperviseAsync(CancellationToken stopping)
    {
        var backoff = new ReconnectBackoff(
            TimeSpan.FromSeconds(_options.RestartInitialSeconds), TimeSpan.FromSeconds(_options.RestartMaxSeconds), ReconnectBackoff.SeedFrom(_settings.ModelPath));
        while (!stopping.IsCancellationRequested)
        {
            string failure;
            try
            {
                GgufHeader.Read(_settings.ModelPath);
                var host = await LlmHostProcess.StartAsync(_launch, _settings, TimeSpan.FromSeconds(_options.LoadTimeoutSeconds), _logger, stopping);
                var up = _time.GetTimestamp();
                try
                {
                    await CalibrateAsync(host, stopping);
                }
                catch
                {
                    await host.DisposeAsync();
                    throw;
                }

                _host = host;
                _unavailable = null;
                LogReady(_logger, host.Model.ModelName, host.Model.Architecture, host.Model.ContextSize, host.ProcessId);
                failure = await host.Exited.WaitAsync(stopping);
                _host = null;
                await host.DisposeAsync();
                if (_time.GetElapsedTime(up) >= StableUptime)
                {
                    backoff.Reset();
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is GgufFormatException or LlmHostException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
            {
                failure = ex.Message;
            }

            var delay = backoff.Next();
            _unavailable = $"local LLM unavailable: {failure}; restarting in {delay.TotalSeconds:0.#} s";
            LogHostFailed(_logger, failure, delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, _time, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        if (_host is { } running)
        {
            _host = null;
            await running.DisposeAsync();
        }

        _unavailable = "local LLM: the daemon is stopping";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Local LLM ready: {Model} ({Architecture}, context {ContextSize}) in llm-host process {ProcessId}")]
    private static partial void LogReady(ILogger logger, string model, string? architecture, int contextSize, int processId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Local LLM calibrated: first token after {FirstTokenS:0.###} s, {TokensPerSecond:0.#} tokens/s")]
    private static partial void LogCalibrated(ILogger logger, double firstTokenS, double tokensPerSecond);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local LLM unavailable: {Reason}; the local action is masked; restarting in {DelayS:0.#} s")]
    private static partial void LogHostFailed(ILogger logger, string reason, double delayS);

    [LoggerMessage(Level = LogLevel.Debug,
        Message = "Local answer for {DialogueId} turn {Turn}: {TokensIn} tokens in, {TokensOut} out, first token after {FirstTokenS:0.###} s, {TokensPerSecond:0.#} tokens/s, stopped by {Stop}")]
    private static partial void LogAnswered(ILogger logger, string dialogueId, int turn, int tokensIn, int tokensOut, double firstTokenS, double tokensPerSecond, GenerationStop stop);
}
