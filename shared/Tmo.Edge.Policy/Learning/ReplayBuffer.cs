namespace Tmo.Edge.Policy.Learning;

/// <summary>SB3's ReplayBuffer (optimize_memory_usage=False) for one environment: a ring of transitions sampled uniformly with replacement.</summary>
internal sealed class ReplayBuffer(int capacity, int observationLength)
{
    private readonly float[] observations = new float[capacity * observationLength];
    private readonly float[] nextObservations = new float[capacity * observationLength];
    private readonly int[] actions = new int[capacity];
    private readonly float[] rewards = new float[capacity];
    private readonly bool[] dones = new bool[capacity];
    private int position;

    public int Count { get; private set; }

    public void Add(ReadOnlySpan<float> observation, int action, float reward, ReadOnlySpan<float> nextObservation, bool done)
    {
        observation.CopyTo(observations.AsSpan(position * observationLength, observationLength));
        nextObservation.CopyTo(nextObservations.AsSpan(position * observationLength, observationLength));
        actions[position] = action;
        rewards[position] = reward;
        dones[position] = done;
        position = (position + 1) % capacity;
        Count = Math.Min(Count + 1, capacity);
    }

    /// <summary>Fills the batch spans (one entry or observation row per sample) with transitions drawn by np.random.randint.</summary>
    public void Sample(
        Random random,
        Span<float> batchObservations,
        Span<int> batchActions,
        Span<float> batchRewards,
        Span<float> batchNextObservations,
        Span<bool> batchDones)
    {
        for (var k = 0; k < batchActions.Length; k++)
        {
            var index = random.Next(Count);
            observations.AsSpan(index * observationLength, observationLength)
                .CopyTo(batchObservations.Slice(k * observationLength, observationLength));
            nextObservations.AsSpan(index * observationLength, observationLength)
                .CopyTo(batchNextObservations.Slice(k * observationLength, observationLength));
            batchActions[k] = actions[index];
            batchRewards[k] = rewards[index];
            batchDones[k] = dones[index];
        }
    }
}
