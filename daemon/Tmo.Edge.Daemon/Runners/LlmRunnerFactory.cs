using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Runners.Cloud;
using Tmo.Edge.Daemon.Runners.Local;
using Tmo.Edge.Policy.Costs;

namespace Tmo.Edge.Daemon.Runners;

/// <summary>
/// Chooses the runners at start-up: the LLamaSharp model host when Tmo:LocalLlm:ModelPath is set, the OpenAI-compatible
/// endpoint when Tmo:CloudLlm:BaseUrl and an API key are there, and the replay runner for whichever is not, so the
/// daemon runs (and `make run` demos) with no model and no key. Owns the real runners and stops them at shutdown.
/// </summary>
public sealed partial class LlmRunnerFactory(
    IOptions<LocalLlmOptions> localOptions,
    IOptions<CloudLlmOptions> cloudOptions,
    IMessagePublisher publisher,
    TimeProvider time,
    ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly List<object> _owned = [];
    private readonly ILogger _logger = loggers.CreateLogger<LlmRunnerFactory>();

    /// <param name="book">Recorded answers for the replay runners.</param>
    /// <param name="costs">The checkpoint's profile costs: priors for the real runners.</param>
    /// <param name="replaySpeed">Replay speed factor.</param>
    /// <param name="decorateLocal">
    /// Adds the device's live state to the local runner; the cloud runner falls back to the decorated one, so a
    /// fallback respects the same thermal, memory and power masks as a local decision.
    /// </param>
    public (ILlmRunner Local, ILlmRunner Cloud) Create(ReplayBook book, CostTable costs, double replaySpeed, Func<ILlmRunner, ILlmRunner> decorateLocal)
    {
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(decorateLocal);
        var local = decorateLocal(CreateLocal(book, costs, replaySpeed));
        return (local, CreateCloud(book, costs, replaySpeed, local));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var runner in _owned)
        {
            switch (runner)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }

        _owned.Clear();
    }

    private ILlmRunner CreateLocal(ReplayBook book, CostTable costs, double replaySpeed)
    {
        var options = localOptions.Value;
        if (!options.Enabled)
        {
            LogReplay(_logger, "local", $"{LocalLlmOptions.Section}:ModelPath is not set");
            return new ReplayRunner(book, RunnerLocation.Local, replaySpeed, costs.Device.MaxPowerW, time);
        }

        var partials = new PartialResponses(publisher, TimeSpan.FromMilliseconds(options.PartialIntervalMs), time, loggers.CreateLogger<PartialResponses>());
        var runner = new LocalLlmRunner(options, LlmHostLaunch.ForThisInstall(), partials, time, loggers.CreateLogger<LocalLlmRunner>());
        _owned.Add(runner);
        runner.Start();
        var model = Path.GetFileName(options.ModelPath!);
        LogLocal(_logger, model);
        return runner;
    }

    private ILlmRunner CreateCloud(ReplayBook book, CostTable costs, double replaySpeed, ILlmRunner local)
    {
        var options = cloudOptions.Value;
        var key = options.Enabled ? CloudApiKey.Read(options) : null;
        if (key is null)
        {
            LogReplay(_logger, "cloud", options.Enabled
                ? $"no API key in {options.ResolvedApiKeyFile ?? $"${options.ApiKeyEnvironmentVariable}"}"
                : $"{CloudLlmOptions.Section}:BaseUrl is not set");
            return new ReplayRunner(book, RunnerLocation.Cloud, replaySpeed, costs.Device.MaxPowerW, time);
        }

        var runner = new OpenAiCloudRunner(options, key, costs.Cloud.TimeS, local, time, loggers.CreateLogger<OpenAiCloudRunner>());
        _owned.Add(runner);
        var endpoint = new Uri(options.BaseUrl!).GetLeftPart(UriPartial.Authority);
        LogCloud(_logger, options.Model, endpoint);
        return runner;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Location} actions are answered by the replay runner: {Why}")]
    private static partial void LogReplay(ILogger logger, string location, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "The local action is answered by {Model} in a tmo-edge llm-host process (masked until it has loaded)")]
    private static partial void LogLocal(ILogger logger, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "The cloud actions go to {Model} at {Endpoint}")]
    private static partial void LogCloud(ILogger logger, string model, string endpoint);
}
