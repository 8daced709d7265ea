using System.Runtime.CompilerServices;

namespace Tmo.Edge.Policy.Learning;

/// <summary>SB3's RolloutBuffer for one environment: a fixed number of on-policy transitions and their GAE.</summary>
internal sealed class RolloutBuffer(int size, int observationLength, int actionCount)
{
    public int Size { get; } = size;

    public float[] Observations { get; } = new float[size * observationLength];

    public int[] Actions { get; } = new int[size];

    /// <summary>The environment's action mask at each step, actionCount flags per step.</summary>
    public bool[] AllowedActions { get; } = new bool[size * actionCount];

    public float[] Rewards { get; } = new float[size];

    /// <summary>Whether each step's observation opened an episode (SB3 episode_starts).</summary>
    public bool[] EpisodeStarts { get; } = new bool[size];

    public float[] Values { get; } = new float[size];

    public float[] LogProbabilities { get; } = new float[size];

    public float[] Advantages { get; } = new float[size];

    public float[] Returns { get; } = new float[size];

    /// <summary>
    /// SB3 2.2.1 RolloutBuffer.compute_returns_and_advantage: GAE(lambda) bootstrapped from the value of the
    /// observation after the last step, with a step's successor masked out when it started a new episode.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ComputeReturnsAndAdvantage(float lastValue, bool lastDone, float gamma, float gaeLambda)
    {
        var lastGaeLambda = 0f;
        for (var step = Size - 1; step >= 0; step--)
        {
            float nextNonTerminal, nextValue;
            if (step == Size - 1)
            {
                nextNonTerminal = lastDone ? 0f : 1f;
                nextValue = lastValue;
            }
            else
            {
                nextNonTerminal = EpisodeStarts[step + 1] ? 0f : 1f;
                nextValue = Values[step + 1];
            }

            var delta = Rewards[step] + (gamma * nextValue * nextNonTerminal) - Values[step];
            lastGaeLambda = delta + (gamma * gaeLambda * nextNonTerminal * lastGaeLambda);
            Advantages[step] = lastGaeLambda;
            Returns[step] = lastGaeLambda + Values[step];
        }
    }
}
