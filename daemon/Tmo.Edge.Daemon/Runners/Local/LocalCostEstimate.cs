namespace Tmo.Edge.Daemon.Runners.Local;

/// <summary>
/// What a local call is expected to cost, learnt from the calls measured so far (exponentially weighted, so a model
/// or thermal change shows within a few turns): time to the first token, decode rate and answer length. Before the
/// first call it uses the configured priors. Thread-safe.
/// </summary>
public sealed class LocalCostEstimate(double priorFirstTokenS, double priorTokensPerSecond, int maxTokens)
{
    private const double Weight = 0.3;

    // Answers vary in length; quoting 1.5x the usual length (capped by the limit) keeps truncation at the ceiling rare.
    private const double LengthHeadroom = 1.5;

    private readonly Lock _gate = new();
    private double _firstTokenS = priorFirstTokenS;
    private double _tokensPerSecond = priorTokensPerSecond;
    private double _tokensOut = maxTokens;

    public double ExpectedLatencyS
    {
        get
        {
            lock (_gate)
            {
                var tokens = Math.Min(maxTokens, Math.Ceiling(_tokensOut * LengthHeadroom) + 1);
                return _firstTokenS + (tokens / _tokensPerSecond);
            }
        }
    }

    /// <summary>One token's decode time: the child checks its deadline between tokens, so this much may run past it.</summary>
    public double TokenSeconds
    {
        get
        {
            lock (_gate)
            {
                return 1 / _tokensPerSecond;
            }
        }
    }

    public void Record(double firstTokenS, double tokensPerSecond, int tokensOut, bool truncated)
    {
        lock (_gate)
        {
            _firstTokenS += Weight * (firstTokenS - _firstTokenS);
            if (tokensPerSecond > 0)
            {
                _tokensPerSecond += Weight * (tokensPerSecond - _tokensPerSecond);
            }

            // A truncated answer says only that the answer would have been at least this long.
            if (!truncated || tokensOut > _tokensOut)
            {
                _tokensOut += Weight * (tokensOut - _tokensOut);
            }
        }
    }
}
