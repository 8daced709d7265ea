using Tmo.Edge.Policy.Learning;

namespace Tmo.Edge.Policy.Baselines;

/// <summary>
/// A fixed distribution over actions, sampled with a seeded source and restricted to the allowed actions.
/// Random (local 0.5, each cloud action 0.5 / 2^X), Local-only and Cloud-only (uniform over cloud actions) are
/// the reference's baselines (tmo/evaluator.py).
/// </summary>
public sealed class WeightedRandomPolicy : IActionPolicy
{
    private readonly double[] _weights;
    private readonly Random _random;

    private WeightedRandomPolicy(double[] weights, int seed)
    {
        var total = weights.Sum();
        _weights = weights.Select(w => w / total).ToArray();
        _random = new Random(seed);
    }

    public int ActionCount => _weights.Length;

    public static WeightedRandomPolicy Random(int actionCount, int seed) =>
        new([0.5, .. Enumerable.Repeat(0.5 / (actionCount - 1), actionCount - 1)], seed);

    public static WeightedRandomPolicy LocalOnly(int actionCount) =>
        new([1, .. Enumerable.Repeat(0.0, actionCount - 1)], seed: 0);

    public static WeightedRandomPolicy CloudOnly(int actionCount, int seed) =>
        new([0, .. Enumerable.Repeat(1.0, actionCount - 1)], seed);

    public int Decide(ReadOnlySpan<float> observation, ReadOnlySpan<bool> allowed, Span<float> probabilities)
    {
        double total = 0;
        for (var a = 0; a < _weights.Length; a++)
        {
            probabilities[a] = (float)_weights[a];
            total += IsAllowed(allowed, a) ? _weights[a] : 0;
        }

        if (total <= 0)
        {
            return -1;
        }

        var pick = _random.NextDouble() * total;
        var chosen = -1;
        for (var a = 0; a < _weights.Length; a++)
        {
            if (!IsAllowed(allowed, a) || _weights[a] <= 0)
            {
                continue;
            }

            chosen = a;
            pick -= _weights[a];
            if (pick < 0)
            {
                break;
            }
        }

        return chosen;
    }

    private static bool IsAllowed(ReadOnlySpan<bool> allowed, int action) => allowed.IsEmpty || allowed[action];
}
