namespace Tmo.Edge.Policy.Learning;

/// <summary>SB3's (advantages - mean) / (std + 1e-8), with torch's Bessel-corrected std.</summary>
internal static class AdvantageNormalization
{
    /// <summary>Normalises in place; a single advantage is left as it is (SB3 PPO's len &gt; 1 guard).</summary>
    public static void Normalize(Span<float> advantages)
    {
        if (advantages.Length < 2)
        {
            return;
        }

        var mean = 0.0;
        foreach (var advantage in advantages)
        {
            mean += advantage;
        }

        mean /= advantages.Length;
        var squares = 0.0;
        foreach (var advantage in advantages)
        {
            squares += (advantage - mean) * (advantage - mean);
        }

        var std = (float)Math.Sqrt(squares / (advantages.Length - 1));
        for (var i = 0; i < advantages.Length; i++)
        {
            advantages[i] = (advantages[i] - (float)mean) / (std + 1e-8f);
        }
    }
}
