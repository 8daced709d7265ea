using Tmo.Edge.Policy.Actions;

namespace Tmo.Edge.Daemon.Judging;

/// <summary>
/// The other side's action for a played turn, as the adaptation benchmark draws it: local when a cloud action answered;
/// otherwise the cloud action the policy itself ranked highest for that state, with the views that action uploads. The
/// policy's favourite cloud action is the one it would play next if the local answer proved poor, so its rating is the
/// comparison the estimator most needs; uploading every view instead would price a call the policy would not make.
/// </summary>
public static class ShadowAction
{
    public static int For(int played, IReadOnlyList<float> probabilities, int actionCount)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentOutOfRangeException.ThrowIfNegative(played);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionCount, 2);
        if (ActionSpace.IsCloud(played))
        {
            return ActionSpace.LocalAction;
        }

        var best = 1;
        for (var action = 2; action < Math.Min(actionCount, probabilities.Count); action++)
        {
            best = probabilities[action] > probabilities[best] ? action : best;
        }

        return best;
    }
}
