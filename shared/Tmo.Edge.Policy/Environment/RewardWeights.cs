namespace Tmo.Edge.Policy.Environment;

/// <summary>
/// Reward = alpha x response + beta_a x norm_association - beta_l x norm_latency - beta_u x norm_usage
/// (paper eq. for r_t; reference defaults alpha = 1, betas = 1/3).
/// </summary>
public sealed record RewardWeights(double Response, double Association, double Latency, double Usage)
{
    public static RewardWeights Default { get; } = new(1, 1.0 / 3, 1.0 / 3, 1.0 / 3);

    public double Reward(double response, double normalisedAssociation, double normalisedLatency, double normalisedUsage) =>
        (Response * response) + (Association * normalisedAssociation) - (Latency * normalisedLatency) - (Usage * normalisedUsage);
}
