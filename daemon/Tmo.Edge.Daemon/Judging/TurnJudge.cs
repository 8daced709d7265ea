using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Daemon.Metrics;
using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Daemon.Runners.Cloud;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Spending;
using Tmo.Edge.Policy.Adaptation;

namespace Tmo.Edge.Daemon.Judging;

/// <summary>
/// The judge (docs/policy.md, "Learning on the device"): the decision loop offers each answered turn once it is
/// recorded; a seeded share of them (<see cref="JudgeAllowance"/>) is queued, and one at a time the cloud LLM rates
/// the answer for its prompt on the paper's 1-10 scale. The rating, divided by 10, is stored as the turn's score.
/// Each call is charged its most possible cost (the prompt's token bound and the reply's token limit at the price
/// table's rates) against the judge's own daily cap before it is made, and that day's spend is stored first, so the
/// cap holds across restarts. Whatever goes wrong (cap spent, circuit open, HTTP error, timeout, no score in the
/// reply, a full queue) drops the sample and counts it: no retry, and never a delay to an answer. The
/// <see cref="ShadowAnswerer"/> draws its shadows from the queued turns and has them rated here, charged to the same cap.
/// </summary>
public sealed partial class TurnJudge : BackgroundService
{
    private readonly JudgeOptions _options;
    private readonly TurnJournal _journal;
    private readonly JudgeSpend _spend;
    private readonly DaemonMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<TurnJudge> _logger;
    private readonly Func<string?> _cloudUnavailable;
    private readonly Channel<JudgeCandidate> _queue;
    private readonly JudgeAllowance _allowance;
    private readonly Lock _allowanceLock = new();

    // One charge at a time: the played turns' ratings and the shadows both charge the cap, and the day's spend they
    // store must never go back to an older, lower figure.
    private readonly SemaphoreSlim _charging = new(1, 1);
    private readonly long[] _counts = new long[JudgeResults.All.Count];
    private readonly string? _off;
    private readonly CloudPriceTable? _prices;
    private readonly CloudCircuit? _circuit;
    private readonly HttpClient? _http;
    private readonly IChatClient? _chat;
    private DateOnly? _restoredDay;

    /// <param name="cloudUnavailable">Why the cloud runner's circuit masks the cloud now (null while it does not): the judge respects it too.</param>
    public TurnJudge(
        IOptions<JudgeOptions> options,
        IOptions<CloudLlmOptions> cloudOptions,
        TurnJournal journal,
        JudgeSpend spend,
        DaemonMetrics metrics,
        TimeProvider time,
        ILogger<TurnJudge> logger,
        Func<string?> cloudUnavailable)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cloudOptions);
        _options = options.Value;
        _journal = journal;
        _spend = spend;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _cloudUnavailable = cloudUnavailable;
        _allowance = new JudgeAllowance(_options.Share, _options.DailyCapUsd, _options.Seed);
        _queue = Channel.CreateBounded<JudgeCandidate>(new BoundedChannelOptions(_options.QueueCapacity) { SingleReader = true });
        var cloud = cloudOptions.Value;
        _off = Off(_options, cloud, out var key);
        if (_off is null)
        {
            // The judge's calls have a client of their own with no retries (a failed sample is dropped, not repeated)
            // and a circuit of their own on the cloud's thresholds; the breaks are timed on the monotonic clock.
            var elapsed = new ElapsedClock(time);
            _circuit = new CloudCircuit(elapsed);
            _prices = new CloudPriceTable(cloud);
            _http = CloudHttpClient.Create(WithoutRetries(cloud), _circuit, elapsed);
            _chat = CreateChatClient(cloud, key!, _http);
        }
    }

    /// <summary>
    /// A method of its own so that the OpenAI client's assemblies (2.3 MiB resident) load only when the judge is on:
    /// the runtime loads what a method refers to when it compiles or prepares that method.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IChatClient CreateChatClient(CloudLlmOptions cloud, string key, HttpClient http) =>
        new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions
        {
            Endpoint = new Uri(cloud.BaseUrl!),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(0),
            NetworkTimeout = TimeSpan.FromSeconds(cloud.TimeoutSeconds + 5),
        }).GetChatClient(cloud.Model).AsIChatClient();

    /// <summary>Why the judge cannot rate now (off, or a cloud circuit open), or null.</summary>
    public string? Unavailable => _off ?? _circuit!.Unavailable ?? _cloudUnavailable();

    public JudgeStatus Status
    {
        get
        {
            var today = LedgerDay();
            lock (_allowanceLock)
            {
                return new JudgeStatus(
                    _off,
                    _allowance.SpentOn(today),
                    _options.DailyCapUsd,
                    Interlocked.Read(ref _counts[(int)JudgeResult.Rated]),
                    JudgeResults.All.Where(r => r != JudgeResult.Rated).ToDictionary(r => r.Label(), r => Interlocked.Read(ref _counts[(int)r])));
            }
        }
    }

    /// <summary>
    /// Offers a turn whose outcome is recorded; never waits. Only answered turns can be rated; of those the seeded
    /// share is queued, and a sampled turn that finds the queue full is dropped and counted.
    /// </summary>
    /// <returns>Whether the turn was queued for the judge (what a shadow answer is drawn from).</returns>
    public bool Offer(string dialogueId, int sequence, string task, string prompt, TurnOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (_off is not null || outcome.Status != TurnStatus.Answered || outcome.Text.Length == 0)
        {
            return false;
        }

        lock (_allowanceLock)
        {
            if (!_allowance.Sample())
            {
                return false;
            }
        }

        if (!_queue.Writer.TryWrite(new JudgeCandidate(dialogueId, sequence, task, prompt, outcome.Text)))
        {
            Count(JudgeResult.DroppedQueue);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Charges <paramref name="costUsd"/> (a shadow's cloud call at its most possible cost) to today's judge cap and
    /// stores the day's spend, before the call is made; false, charging nothing, when the cap cannot cover it.
    /// </summary>
    public async Task<bool> TryChargeAsync(double costUsd, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(costUsd);
        await _charging.WaitAsync(cancellationToken);
        try
        {
            var day = LedgerDay();
            if (day != _restoredDay)
            {
                // A new UTC day, or the clock stepped back to one that already spent: start from what that day stored.
                await RestoreSpendAsync(day, cancellationToken);
            }

            double spent;
            lock (_allowanceLock)
            {
                if (!_allowance.TryCharge(day, costUsd))
                {
                    return false;
                }

                spent = _allowance.SpentOn(day);
            }

            _metrics.JudgeSpentToday(spent);
            // Stored before the call: a crash during it must not give the day's cap back.
            await _spend.StoreAsync(day, spent, cancellationToken);
            return true;
        }
        finally
        {
            _charging.Release();
        }
    }

    /// <summary>
    /// Has the judge rate <paramref name="answer"/> for <paramref name="prompt"/>, its call charged to the cap first;
    /// stores nothing. <paramref name="dialogueId"/> and <paramref name="sequence"/> name the turn in the log.
    /// </summary>
    public async Task<JudgeRating> RateAsync(string dialogueId, int sequence, string task, string prompt, string answer, CancellationToken cancellationToken)
    {
        if (_off is not null)
        {
            throw new InvalidOperationException($"The judge is off: {_off}");
        }

        if (Unavailable is { } open)
        {
            LogDropped(_logger, dialogueId, sequence, open);
            return JudgeRating.Dropped(JudgeResult.DroppedCircuit);
        }

        var judgePrompt = JudgePrompt.For(task, prompt, answer);
        var maxCostUsd = _prices!.Usd(_prices.InputTokensBound(judgePrompt.System, judgePrompt.User, images: 0), _options.MaxReplyTokens, images: 0);
        string reply;
        try
        {
            if (!await TryChargeAsync(maxCostUsd, cancellationToken))
            {
                return JudgeRating.Dropped(JudgeResult.DroppedCap);
            }

            var response = await _chat!.GetResponseAsync(
                [new ChatMessage(ChatRole.System, judgePrompt.System), new ChatMessage(ChatRole.User, judgePrompt.User)],
                new ChatOptions { MaxOutputTokens = _options.MaxReplyTokens, Temperature = 0 },
                cancellationToken);
            reply = response.Text;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogDropped(_logger, dialogueId, sequence, FailureText.Of(ex));
            return JudgeRating.Dropped(JudgeResult.DroppedError);
        }

        var score = JudgeScoreParser.Parse(reply);
        if (!score.IsRated)
        {
            LogUnparsed(_logger, dialogueId, sequence, score.Refusal!);
            return JudgeRating.Dropped(JudgeResult.DroppedParse);
        }

        return new JudgeRating(JudgeResult.Rated, score.Normalised);
    }

    public override void Dispose()
    {
        _http?.Dispose();
        _charging.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_off is not null)
        {
            LogOff(_logger, _off);
            return;
        }

        LogOn(_logger, _options.Share * 100, _options.DailyCapUsd);
        try
        {
            await _charging.WaitAsync(stoppingToken);
            try
            {
                await RestoreSpendAsync(LedgerDay(), stoppingToken);
            }
            finally
            {
                _charging.Release();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // The day stays unrestored: each sample tries again first and is dropped while the store refuses.
            LogNotRestored(_logger, FailureText.Of(ex));
        }

        try
        {
            await foreach (var candidate in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                JudgeResult result;
                try
                {
                    result = await JudgeAsync(candidate, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // What JudgeAsync does not expect (the store refusing to read the day's spend, say) drops the sample, never the judge.
                    LogDropped(_logger, candidate.DialogueId, candidate.Sequence, FailureText.Of(ex));
                    result = JudgeResult.DroppedError;
                }

                Count(result);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: queued samples are dropped; they were a sample, not a promise.
        }
    }

    private async Task<JudgeResult> JudgeAsync(JudgeCandidate candidate, CancellationToken cancellationToken)
    {
        var rating = await RateAsync(candidate.DialogueId, candidate.Sequence, candidate.Task, candidate.Prompt, candidate.Answer, cancellationToken);
        if (rating.Score is not { } score)
        {
            return rating.Result;
        }

        try
        {
            await _journal.RateAsync(candidate.DialogueId, candidate.Sequence, score, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogDropped(_logger, candidate.DialogueId, candidate.Sequence, $"the rating was not stored: {FailureText.Of(ex)}");
            return JudgeResult.DroppedError;
        }

        return JudgeResult.Rated;
    }

    /// <summary>
    /// Charges the day's stored spend to the allowance, so a restart continues the day's cap where it stood. Called
    /// under the charging gate.
    /// </summary>
    private async Task RestoreSpendAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var spent = await _spend.OnAsync(day, cancellationToken);
        lock (_allowanceLock)
        {
            // A cap lowered below what the day spent leaves nothing for today.
            _allowance.TryCharge(day, Math.Min(spent, _options.DailyCapUsd));
            _restoredDay = day;
        }

        _metrics.JudgeSpentToday(spent);
    }

    private void Count(JudgeResult result)
    {
        Interlocked.Increment(ref _counts[(int)result]);
        _metrics.JudgeSample(result.Label());
    }

    private DateOnly LedgerDay() => DailySpendLedger.UtcDay(_time.GetUtcNow());

    private static string? Off(JudgeOptions options, CloudLlmOptions cloud, out string? key)
    {
        key = null;
        if (options.Enabled == false)
        {
            return $"{JudgeOptions.Section}:Enabled is false";
        }

        if (!cloud.Enabled)
        {
            return $"the cloud LLM is not configured ({CloudLlmOptions.Section}:BaseUrl is not set)";
        }

        try
        {
            key = CloudApiKey.Read(cloud);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"the cloud API key could not be read ({ex.GetType().Name})";
        }

        return key is null ? "the cloud LLM has no API key" : null;
    }

    private static CloudLlmOptions WithoutRetries(CloudLlmOptions cloud) => new()
    {
        BaseUrl = cloud.BaseUrl,
        TimeoutSeconds = cloud.TimeoutSeconds,
        MaxRetries = 0,
        CircuitFailureRatio = cloud.CircuitFailureRatio,
        CircuitMinimumThroughput = cloud.CircuitMinimumThroughput,
        CircuitSamplingSeconds = cloud.CircuitSamplingSeconds,
        CircuitBreakSeconds = cloud.CircuitBreakSeconds,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "The judge is off: {Why}")]
    private static partial void LogOff(ILogger logger, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "The judge rates {SharePercent:0.##} % of answered turns within {CapUsd:0.####} USD a day")]
    private static partial void LogOn(ILogger logger, double sharePercent, double capUsd);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The judge could not read today's spend ({Reason}); it judges nothing until it can")]
    private static partial void LogNotRestored(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The judge dropped dialogue {DialogueId} turn {Sequence}: {Reason}")]
    private static partial void LogDropped(ILogger logger, string dialogueId, int sequence, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The judge's reply for dialogue {DialogueId} turn {Sequence} had no usable score ({Reason}); dropped")]
    private static partial void LogUnparsed(ILogger logger, string dialogueId, int sequence, string reason);
}
