using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Learning.Networks;

namespace Tmo.Edge.Policy.Learning;

/// <summary>
/// Advantage actor-critic as in SB3 2.2.1 A2C: rollouts of <see cref="A2cHyperparameters.StepsPerRollout"/>
/// steps, each followed by one RMSprop step on the whole rollout.
/// </summary>
public sealed class A2cLearner(A2cHyperparameters? hyperparameters = null) : IPolicyLearner
{
    public A2cHyperparameters Hyperparameters { get; } = hyperparameters ?? new A2cHyperparameters();

    public TrainingResult Train(
        ITrainingEnvironment environment,
        int totalSteps,
        int seed,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        TrainingArguments.Validate(environment, totalSteps);
        var h = Hyperparameters;
        h.Validate();

        var n = h.StepsPerRollout;
        var rollouts = (totalSteps + n - 1) / n;
        var random = new Random(seed);
        var networks = new ActorCriticNetworks(
            environment.ObservationLength, environment.ActionCount, h.HiddenLayerSizes, h.Activation, n, random);
        var optimizer = new RmsProp(networks.Both, h.LearningRate, h.RmsPropAlpha, h.RmsPropEpsilon);
        var monitor = new TrainingMonitor(rollouts * n, progress, cancellationToken);
        var collector = new RolloutCollector(environment);
        var buffer = new RolloutBuffer(n, environment.ObservationLength, environment.ActionCount);
        var advantages = new float[n];
        var logProbabilityGradients = new float[n];
        var valueGradients = new float[n];
        var losses = default(Losses);

        for (var rollout = 0; rollout < rollouts; rollout++)
        {
            collector.Collect(buffer, networks, random, monitor, h.Gamma, h.GaeLambda);

            // SB3 2.2.1 A2C.train: the whole rollout as one batch (its order does not change the mean).
            networks.Evaluate(buffer.Observations, buffer.Actions, buffer.AllowedActions);
            buffer.Advantages.CopyTo(advantages, 0);
            if (h.NormalizeAdvantage)
            {
                AdvantageNormalization.Normalize(advantages);
            }

            losses = Losses.Compute(networks, advantages, buffer.Returns, h, logProbabilityGradients, valueGradients);
            networks.Backpropagate(logProbabilityGradients, -h.EntropyCoefficient / n, valueGradients);
            GradientClipping.ClipByGlobalNorm(networks.Both, h.MaxGradientNorm);
            optimizer.Step();
        }

        return new TrainingResult(networks.ToPolicy(), monitor.Metrics(losses.Policy, losses.Value, losses.Entropy));
    }

    /// <summary>
    /// loss = -(adv * log pi).mean() + ent_coef * -H.mean() + vf_coef * MSE(returns, values), and its derivatives
    /// with respect to each log pi(a_i|s_i) and V(s_i).
    /// </summary>
    private readonly record struct Losses(double Policy, double Value, double Entropy)
    {
        public static Losses Compute(
            ActorCriticNetworks networks,
            ReadOnlySpan<float> advantages,
            ReadOnlySpan<float> returns,
            A2cHyperparameters h,
            Span<float> logProbabilityGradients,
            Span<float> valueGradients)
        {
            var n = advantages.Length;
            var logProbabilities = networks.ActionLogProbabilities;
            var entropies = networks.Entropies;
            var values = networks.Values;
            double policy = 0, value = 0, entropy = 0;
            for (var i = 0; i < n; i++)
            {
                policy -= advantages[i] * logProbabilities[i];
                entropy -= entropies[i];
                var error = values[i] - returns[i];
                value += error * error;
                logProbabilityGradients[i] = -advantages[i] / n;
                valueGradients[i] = h.ValueCoefficient * 2f * error / n;
            }

            return new Losses(policy / n, value / n, entropy / n);
        }
    }
}
