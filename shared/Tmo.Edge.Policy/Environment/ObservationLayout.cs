using Tmo.Edge.Policy.Actions;

namespace Tmo.Edge.Policy.Environment;

/// <summary>
/// The policy's observation: the last Z per-turn states [previous action (-1 none, 0 local, 1 cloud),
/// used_0 .. used_{X-1} (views uploaded in the previous turn), task id], oldest first, missing turns padded with -1;
/// with resource constraints (RC) followed by the remaining latency (s) and usage (USD) budgets.
/// </summary>
public sealed class ObservationLayout
{
    public ObservationLayout(int modalityCount, int historyWindow, bool resourceConstrained)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(modalityCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(historyWindow);
        ModalityCount = modalityCount;
        HistoryWindow = historyWindow;
        ResourceConstrained = resourceConstrained;
    }

    public int ModalityCount { get; }

    public int HistoryWindow { get; }

    public bool ResourceConstrained { get; }

    public int TurnStateLength => ModalityCount + 2;

    /// <summary>Length of the history part, the k-NN estimator's state features: (X + 2) x Z.</summary>
    public int HistoryLength => TurnStateLength * HistoryWindow;

    public int Length => HistoryLength + (ResourceConstrained ? 2 : 0);

    /// <summary>Offset of the current turn's task id.</summary>
    public int CurrentTaskOffset => HistoryLength - 1;

    /// <summary>
    /// Writes the observation of turn <paramref name="turn"/> (0-based) from the actions taken at earlier turns
    /// (<paramref name="actions"/>[0 .. turn - 1]) and every turn's task id.
    /// </summary>
    public void Write(
        ActionSpace actionSpace,
        ReadOnlySpan<int> actions,
        ReadOnlySpan<int> taskIds,
        int turn,
        double remainingLatencyS,
        double remainingUsageUsd,
        Span<float> observation)
    {
        ArgumentNullException.ThrowIfNull(actionSpace);
        var history = observation[..HistoryLength];
        history.Fill(-1);
        var first = Math.Max(0, turn - HistoryWindow + 1);
        for (var t = first; t <= turn; t++)
        {
            var state = history.Slice((HistoryWindow - 1 - (turn - t)) * TurnStateLength, TurnStateLength);
            WriteTurnState(actionSpace, t == 0 ? -1 : actions[t - 1], taskIds[t], state);
        }

        WriteBudgets(remainingLatencyS, remainingUsageUsd, observation);
    }

    /// <summary>Shifts the window by one turn and appends the state that follows <paramref name="action"/>.</summary>
    public void Advance(ActionSpace actionSpace, int action, int nextTaskId, Span<float> observation)
    {
        ArgumentNullException.ThrowIfNull(actionSpace);
        var history = observation[..HistoryLength];
        history[TurnStateLength..].CopyTo(history);
        WriteTurnState(actionSpace, action, nextTaskId, history[^TurnStateLength..]);
    }

    public void WriteBudgets(double remainingLatencyS, double remainingUsageUsd, Span<float> observation)
    {
        if (ResourceConstrained)
        {
            observation[HistoryLength] = (float)remainingLatencyS;
            observation[HistoryLength + 1] = (float)remainingUsageUsd;
        }
    }

    /// <summary>[previous action, used views of the previous action, task id]; previous action -1 on the first turn.</summary>
    private void WriteTurnState(ActionSpace actionSpace, int previousAction, int taskId, Span<float> state)
    {
        state.Clear();
        state[0] = previousAction < 0 ? -1 : ActionSpace.IsCloud(previousAction) ? 1 : 0;
        if (previousAction > 0)
        {
            foreach (var view in actionSpace.ViewsOf(previousAction))
            {
                state[1 + view] = 1;
            }
        }

        state[ModalityCount + 1] = taskId;
    }
}
