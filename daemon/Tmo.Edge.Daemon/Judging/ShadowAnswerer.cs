using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Daemon.Ingress;
using Tmo.Edge.Daemon.Metrics;
using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Policy.Actions;

namespace Tmo.Edge.Daemon.Judging;

/// <summary>
/// Shadow answers (docs/policy.md, "Learning on the device"): a seeded share of the turns queued for the judge is also
/// answered by the other side (<see cref="ShadowAction"/>) on the same prompt and task, and the judge rates that answer
/// too, so the estimator sees both actions for one state. A drawn shadow waits in a bounded queue until the device is
/// idle enough (<see cref="ShadowIdleRule"/>), which also means the played turn's lane has finished and its answer is
/// out; it never runs on a lane and never sends anything to the device (its request has no reply route, so a streaming
/// runner publishes no partials). A cloud shadow's most possible cost (the runner's quote, the ceiling it never
/// exceeds) is charged to the judge's daily cap before the call, and its rating is charged like any other; a local
/// shadow costs the cap nothing. Whatever goes wrong (queue full, stale, cap, runner unavailable, failure, no score)
/// drops the shadow and counts it; only rated shadows are stored.
/// </summary>
public sealed partial class ShadowAnswerer : BackgroundService
{
    /// <summary>How often a waiting shadow looks at the device again.</summary>
    public static readonly TimeSpan IdleCheckInterval = TimeSpan.FromSeconds(1);

    private readonly JudgeOptions _options;
    private readonly TurnJudge _judge;
    private readonly Func<LlmRunners> _runners;
    private readonly ShadowIdleRule _idle;
    private readonly CameraFrames _frames;
    private readonly SensorReadings _sensors;
    private readonly ShadowAnswerStore _store;
    private readonly DaemonMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<ShadowAnswerer> _logger;
    private readonly Channel<ShadowCandidate> _queue;
    private readonly Random _draw;
    private readonly Lock _drawLock = new();
    private readonly long[] _counts = new long[ShadowResults.All.Count];

    /// <param name="runners">The runners, resolved when the first shadow runs (they are built from the loaded runtime).</param>
    public ShadowAnswerer(
        IOptions<JudgeOptions> options,
        TurnJudge judge,
        Func<LlmRunners> runners,
        ShadowIdleRule idle,
        CameraFrames frames,
        SensorReadings sensors,
        ShadowAnswerStore store,
        DaemonMetrics metrics,
        TimeProvider time,
        ILogger<ShadowAnswerer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _judge = judge;
        _runners = runners;
        _idle = idle;
        _frames = frames;
        _sensors = sensors;
        _store = store;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<ShadowCandidate>(new BoundedChannelOptions(_options.ShadowQueueCapacity) { SingleReader = true });
        // A stream of its own, so that which turns get shadows does not shift which turns the judge samples.
        _draw = new Random(unchecked(_options.Seed + 1));
    }

    public ShadowStatus Status => new(
        Interlocked.Read(ref _counts[(int)ShadowResult.Stored]),
        ShadowResults.All.Where(r => r != ShadowResult.Stored).ToDictionary(r => r.Label(), r => Interlocked.Read(ref _counts[(int)r])));

    /// <summary>
    /// Offers a turn the judge queued (<see cref="TurnJudge.Offer"/> returned true); never waits. The seeded share is
    /// queued for a shadow from the other side; one that finds the queue full is dropped and counted.
    /// </summary>
    /// <param name="account">The account that sent the turn: only its frames and sensor readings go with the shadow.</param>
    /// <param name="actions">The action space of the policy that played the turn.</param>
    public void Offer(string dialogueId, int sequence, string task, string prompt, string account, TurnOutcome outcome, ActionSpace actions)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(actions);
        if (outcome.Status != TurnStatus.Answered || outcome.Action < 0)
        {
            return;
        }

        lock (_drawLock)
        {
            if (!(_options.ShadowShare > 0 && _draw.NextDouble() < _options.ShadowShare))
            {
                return;
            }
        }

        var action = ShadowAction.For(outcome.Action, outcome.Probabilities, actions.Count);
        var candidate = new ShadowCandidate(dialogueId, sequence, task, prompt, account, action, actions.ViewsOf(action).ToArray(), _time.GetTimestamp());
        if (!_queue.Writer.TryWrite(candidate))
        {
            Count(ShadowResult.DroppedQueue);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var candidate in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                ShadowResult result;
                try
                {
                    result = await AnswerAsync(candidate, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // What AnswerAsync does not expect (the store refusing to charge the cap, say) drops the shadow, never the answerer.
                    LogDropped(_logger, candidate.DialogueId, candidate.Sequence, FailureText.Of(ex));
                    result = ShadowResult.DroppedError;
                }

                Count(result);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: waiting shadows are dropped; they were a sample, not a promise.
        }
    }

    private async Task<ShadowResult> AnswerAsync(ShadowCandidate candidate, CancellationToken cancellationToken)
    {
        var side = ActionSpace.IsCloud(candidate.Action) ? RunnerLocation.Cloud : RunnerLocation.Local;
        if (!await WaitUntilIdleAsync(candidate, side, cancellationToken))
        {
            return ShadowResult.DroppedStale;
        }

        var runners = _runners();
        var runner = side == RunnerLocation.Cloud ? runners.Cloud : runners.Local;
        // A shadow the judge cannot rate is not worth its call.
        var unavailable = runner.Unavailable is { } down ? $"{runner.Name} is unavailable: {down}"
            : _judge.Unavailable is { } judgeDown ? $"the judge is unavailable: {judgeDown}"
            : null;
        if (unavailable is not null)
        {
            LogDropped(_logger, candidate.DialogueId, candidate.Sequence, unavailable);
            return ShadowResult.DroppedUnavailable;
        }

        // No reply route: nothing of the shadow reaches the device.
        var request = new RunnerRequest(
            candidate.DialogueId,
            candidate.Sequence,
            candidate.Prompt,
            candidate.Task,
            candidate.Views,
            _frames.For(candidate.Account, candidate.Views),
            _sensors.Snapshot(candidate.Account));
        var ceiling = runner.Quote(request);
        if (side == RunnerLocation.Cloud && !await _judge.TryChargeAsync(ceiling.UsageUsd, cancellationToken))
        {
            return ShadowResult.DroppedCap;
        }

        RunnerResult answer;
        try
        {
            answer = await runner.RunAsync(request, ceiling, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogDropped(_logger, candidate.DialogueId, candidate.Sequence, $"{runner.Name} failed: {FailureText.Of(ex)}");
            return ShadowResult.DroppedError;
        }

        if (answer.FellBack || answer.Text.Length == 0)
        {
            // A fallback's answer is the local LLM's, not the other side's: rating it would credit the wrong action.
            LogDropped(_logger, candidate.DialogueId, candidate.Sequence, answer.FellBack ? "the cloud fell back to the local LLM" : "the answer was empty");
            return ShadowResult.DroppedError;
        }

        var text = answer.Text.Replace("\0", string.Empty, StringComparison.Ordinal);
        var rating = await _judge.RateAsync(candidate.DialogueId, candidate.Sequence, candidate.Task, candidate.Prompt, text, cancellationToken);
        if (rating.Score is not { } score)
        {
            return ShadowResults.Of(rating.Result);
        }

        try
        {
            await _store.AddAsync(
                new ShadowAnswerRecord
                {
                    DialogueId = candidate.DialogueId,
                    Sequence = candidate.Sequence,
                    Action = candidate.Action,
                    Location = side,
                    Views = [.. candidate.Views],
                    ResponseText = text,
                    LatencyMs = answer.LatencyS * 1000,
                    UsageUsd = answer.UsageUsd,
                    Score = score,
                    CreatedAt = _time.GetUtcNow(),
                },
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogDropped(_logger, candidate.DialogueId, candidate.Sequence, $"the shadow was not stored: {FailureText.Of(ex)}");
            return ShadowResult.DroppedError;
        }

        return ShadowResult.Stored;
    }

    /// <returns>False when the shadow went stale first.</returns>
    private async Task<bool> WaitUntilIdleAsync(ShadowCandidate candidate, RunnerLocation side, CancellationToken cancellationToken)
    {
        var maxWait = TimeSpan.FromSeconds(_options.ShadowMaxWaitSeconds);
        while (_idle.Busy(side) is { } busy)
        {
            if (_time.GetElapsedTime(candidate.DrawnAt) >= maxWait)
            {
                LogStale(_logger, candidate.DialogueId, candidate.Sequence, _options.ShadowMaxWaitSeconds, busy);
                return false;
            }

            await Task.Delay(IdleCheckInterval, _time, cancellationToken);
        }

        return _time.GetElapsedTime(candidate.DrawnAt) < maxWait;
    }

    private void Count(ShadowResult result)
    {
        Interlocked.Increment(ref _counts[(int)result]);
        _metrics.ShadowAnswer(result.Label());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shadow answer for dialogue {DialogueId} turn {Sequence} was dropped: {Reason}")]
    private static partial void LogDropped(ILogger logger, string dialogueId, int sequence, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The shadow answer for dialogue {DialogueId} turn {Sequence} went stale after {MaxWaitS} s waiting for an idle device ({Busy})")]
    private static partial void LogStale(ILogger logger, string dialogueId, int sequence, double maxWaitS, string busy);
}
