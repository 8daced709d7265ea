using System.Text;
using Tmo.Edge.Core.Contracts;

namespace Tmo.Edge.Daemon.Runners;

/// <summary>
/// One answer's partials: published at most once per interval and never more than one in flight, so a fast model
/// cannot flood the bus. Not thread-safe: chunks arrive in order from one generation.
/// </summary>
public sealed class PartialAnswer
{
    private readonly string _dialogueId;
    private readonly int _turn;
    private readonly Func<PartialResponseMessage, Task> _publish;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly StringBuilder _text = new();
    private int _tokens;
    private long _lastPublished;
    private Task _inFlight = Task.CompletedTask;

    internal PartialAnswer(string dialogueId, int turn, Func<PartialResponseMessage, Task> publish, TimeSpan interval, TimeProvider time)
    {
        _dialogueId = dialogueId;
        _turn = turn;
        _publish = publish;
        _interval = interval;
        _time = time;
        _lastPublished = time.GetTimestamp();
    }

    /// <param name="text">Text generated since the last call.</param>
    /// <param name="tokens">Tokens generated so far.</param>
    public void Add(string text, int tokens)
    {
        _text.Append(text);
        _tokens = tokens;
        if (!_inFlight.IsCompleted || _time.GetElapsedTime(_lastPublished) < _interval)
        {
            return;
        }

        _lastPublished = _time.GetTimestamp();
        _inFlight = _publish(new PartialResponseMessage(_dialogueId, _turn, _text.ToString(), _tokens));
    }

    /// <summary>Waits for the partial in flight, so it cannot arrive after the final answer.</summary>
    public Task CompleteAsync() => _inFlight;
}
