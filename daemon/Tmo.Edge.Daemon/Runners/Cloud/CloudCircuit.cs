using System.Net.Http;
using Polly;
using Polly.CircuitBreaker;

namespace Tmo.Edge.Daemon.Runners.Cloud;

/// <summary>
/// The cloud circuit breaker's state as the decision loop needs it: while the circuit is open (and its break has not
/// run out) the cloud actions are masked with the reason. After the break a call may go through as Polly's probe;
/// its outcome closes or reopens the circuit.
/// </summary>
public sealed class CloudCircuit(TimeProvider time)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _openUntil;
    private string _cause = string.Empty;

    public string? Unavailable
    {
        get
        {
            lock (_gate)
            {
                // Said as a duration: the circuit runs on an elapsed clock, not the wall clock (see ElapsedClock).
                return _openUntil is { } until && until - time.GetUtcNow() is { Ticks: > 0 } left
                    ? $"cloud circuit open after repeated failures (last: {_cause}); next try in {Math.Ceiling(left.TotalSeconds):0} s"
                    : null;
            }
        }
    }

    internal ValueTask OnOpened(OnCircuitOpenedArguments<HttpResponseMessage> args)
    {
        lock (_gate)
        {
            _openUntil = time.GetUtcNow() + args.BreakDuration;
            _cause = Describe(args.Outcome);
        }

        return ValueTask.CompletedTask;
    }

    internal ValueTask OnClosed(OnCircuitClosedArguments<HttpResponseMessage> args)
    {
        lock (_gate)
        {
            _openUntil = null;
        }

        return ValueTask.CompletedTask;
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } ex
            ? ex.GetType().Name + (ex.Message.Length > 0 ? $": {ex.Message}" : string.Empty)
            : $"HTTP {(int)outcome.Result!.StatusCode} {outcome.Result.ReasonPhrase}";
}
