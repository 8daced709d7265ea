namespace Tmo.Edge.Policy.Actions;

/// <summary>
/// Discrete(1 + 2^X): action 0 runs the local LLM; action 1 + i calls the cloud LLM uploading the i-th modality
/// subset, subsets enumerated by size, then lexicographically (reference tmo/env.py; for X = 3:
/// [], [0], [1], [2], [0,1], [0,2], [1,2], [0,1,2]).
/// </summary>
public sealed class ActionSpace
{
    public const int LocalAction = 0;
    public const int MaxModalities = 12;

    private readonly int[][] _views;

    public ActionSpace(int modalityCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(modalityCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(modalityCount, MaxModalities);
        ModalityCount = modalityCount;
        _views = [[], .. Subsets(modalityCount)];
        ActionOfViews = _views.Select((views, action) => (views, action))
            .Skip(1)
            .ToDictionary(p => Mask(p.views), p => p.action);
    }

    public int ModalityCount { get; }

    public int Count => _views.Length;

    /// <summary>Length of the estimator's action encoding [cloud?, m_0 .. m_{X-1}].</summary>
    public int EncodingLength => ModalityCount + 1;

    private Dictionary<int, int> ActionOfViews { get; }

    public static bool IsCloud(int action) => action != LocalAction;

    /// <summary>The modality indices the action uploads (empty for local and cloud text-only).</summary>
    public ReadOnlySpan<int> ViewsOf(int action) => _views[action];

    public int ViewCountOf(int action) => _views[action].Length;

    /// <summary>The cloud action that uploads exactly <paramref name="views"/> (order does not matter).</summary>
    public int CloudActionFor(IEnumerable<int> views)
    {
        var mask = Mask(views);
        return ActionOfViews.TryGetValue(mask, out var action)
            ? action
            : throw new ArgumentException($"No cloud action uploads views [{string.Join(", ", views)}] with X = {ModalityCount}.", nameof(views));
    }

    /// <summary>Writes [cloud?, m_0 .. m_{X-1}] (reference to_one_hot).</summary>
    public void Encode(int action, Span<float> encoding)
    {
        encoding[..EncodingLength].Clear();
        if (!IsCloud(action))
        {
            return;
        }

        encoding[0] = 1;
        foreach (var view in _views[action])
        {
            encoding[view + 1] = 1;
        }
    }

    private static int Mask(IEnumerable<int> views) => views.Aggregate(0, (mask, view) => mask | (1 << view));

    private static IEnumerable<int[]> Subsets(int n)
    {
        for (var size = 0; size <= n; size++)
        {
            foreach (var subset in Combinations(n, size))
            {
                yield return subset;
            }
        }
    }

    /// <summary>Combinations of size k of 0..n-1 in lexicographic order (as itertools.combinations).</summary>
    private static IEnumerable<int[]> Combinations(int n, int k)
    {
        var indices = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return (int[])indices.Clone();
            var i = k - 1;
            while (i >= 0 && indices[i] == i + n - k)
            {
                i--;
            }

            if (i < 0)
            {
                yield break;
            }

            indices[i]++;
            for (var j = i + 1; j < k; j++)
            {
                indices[j] = indices[j - 1] + 1;
            }
        }
    }
}
