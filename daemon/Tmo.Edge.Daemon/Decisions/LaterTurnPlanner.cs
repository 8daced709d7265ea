using Tmo.Edge.Policy.Decisions;

namespace Tmo.Edge.Daemon.Decisions;

/// <summary>
/// What the shield reserves for a dialogue's later turns on this device: how many more turns to expect (the
/// checkpoint's training dialogues, then this device's own as they end) and what a typical turn costs per action
/// (the mean of the live quotes over the household's mix of tasks; a turn's quotes depend on its task, and later
/// turns' tasks are not known yet). Thread-safe: every lane plans with it.
/// </summary>
public sealed class LaterTurnPlanner
{
    // Follows the quotes of about the last 20 turns once that many were seen; a plain mean before.
    private const double Smoothing = 0.05;

    private readonly Lock _lock = new();
    private double[] _latencyS = [];
    private double[] _usageUsd = [];
    private long _turns;

    public DialogueLengths Lengths { get; } = new([]);

    public void ObserveQuotes(ReadOnlySpan<double> latencyS, ReadOnlySpan<double> usageUsd)
    {
        lock (_lock)
        {
            if (_latencyS.Length != latencyS.Length)
            {
                // First turn, or a policy with another action space: start over.
                _latencyS = new double[latencyS.Length];
                _usageUsd = new double[latencyS.Length];
                _turns = 0;
            }

            _turns++;
            var weight = Math.Max(Smoothing, 1.0 / _turns);
            for (var a = 0; a < _latencyS.Length; a++)
            {
                _latencyS[a] += weight * (latencyS[a] - _latencyS[a]);
                _usageUsd[a] += weight * (usageUsd[a] - _usageUsd[a]);
            }
        }
    }

    /// <summary>
    /// Writes a typical later turn's cost per action and returns how many later turns to reserve for after
    /// <paramref name="completedTurns"/> turns (0 before any quote was observed).
    /// </summary>
    public int Plan(int completedTurns, int maxDialogueTurns, Span<double> latencyS, Span<double> usageUsd)
    {
        lock (_lock)
        {
            if (_latencyS.Length != latencyS.Length || _turns == 0)
            {
                return 0;
            }

            _latencyS.CopyTo(latencyS);
            _usageUsd.CopyTo(usageUsd);
        }

        return Lengths.ExpectedLaterTurns(completedTurns, maxDialogueTurns - completedTurns - 1);
    }
}
