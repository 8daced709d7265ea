using System.Runtime.CompilerServices;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Learning.Networks;

namespace Tmo.Edge.Policy.Learning;

/// <summary>
/// Proximal policy optimisation as in SB3 2.2.1 PPO: rollouts of <see cref="PpoHyperparameters.StepsPerRollout"/>
/// steps, each followed by <see cref="PpoHyperparameters.Epochs"/> epochs of Adam steps on shuffled minibatches
/// of the clipped surrogate loss.
/// </summary>
public sealed class PpoLearner(PpoHyperparameters? hyperparameters = null) : IPolicyLearner
{
    public PpoHyperparameters Hyperparameters { get; } = hyperparameters ?? new PpoHyperparameters();

    /// <summary>
    /// An actor-critic policy (both networks) to fine-tune instead of a fresh initialisation: a device retrains its
    /// champion on new evidence rather than starting over. Null trains from scratch.
    /// </summary>
    public NeuralPolicy? Start { get; init; }

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
        var batchSize = Math.Min(h.BatchSize, n);
        var networks = new ActorCriticNetworks(
            environment.ObservationLength, environment.ActionCount, h.HiddenLayerSizes, h.Activation, batchSize, random);
        if (Start is { } start)
        {
            CopyWeights(start, networks);
        }

        var monitor = new TrainingMonitor(rollouts * n, progress, cancellationToken);
        var collector = new RolloutCollector(environment);
        var buffer = new RolloutBuffer(n, environment.ObservationLength, environment.ActionCount);
        var update = new Update(h, networks, buffer, batchSize, environment.ObservationLength, environment.ActionCount);
        var losses = default(Losses);
        for (var rollout = 0; rollout < rollouts; rollout++)
        {
            collector.Collect(buffer, networks, random, monitor, h.Gamma, h.GaeLambda);
            losses = update.Run(random, monitor);
        }

        return new TrainingResult(networks.ToPolicy(), monitor.Metrics(losses.Policy, losses.Value, losses.Entropy));
    }

    private static void CopyWeights(NeuralPolicy start, ActorCriticNetworks networks)
    {
        if (start.Kind != PolicyKind.ActorCritic || start.ValueNetwork is not { } value
            || !start.Network.LayerSizes.SequenceEqual(networks.Policy.LayerSizes) || !value.LayerSizes.SequenceEqual(networks.Value.LayerSizes))
        {
            throw new ArgumentException("The policy to fine-tune must be an actor-critic with this environment's and these hyperparameters' network shapes.", nameof(start));
        }

        start.Network.Parameters.CopyTo(networks.Policy.Parameters, 0);
        value.Parameters.CopyTo(networks.Value.Parameters, 0);
    }

    /// <summary>Mean losses over every minibatch of one <see cref="Update.Run"/> (SB3's logged train/* values).</summary>
    private readonly record struct Losses(double Policy, double Value, double Entropy);

    /// <summary>SB3 2.2.1 PPO.train with its minibatch buffers.</summary>
    private sealed class Update(PpoHyperparameters h, ActorCriticNetworks networks, RolloutBuffer buffer, int batchSize, int observationLength, int actionCount)
    {
        private readonly Adam optimizer = new(networks.Both, h.LearningRate, h.AdamEpsilon);
        private readonly int[] order = new int[buffer.Size];
        private readonly float[] observations = new float[batchSize * observationLength];
        private readonly int[] actions = new int[batchSize];
        private readonly bool[] allowed = new bool[batchSize * actionCount];
        private readonly float[] oldLogProbabilities = new float[batchSize];
        private readonly float[] advantages = new float[batchSize];
        private readonly float[] returns = new float[batchSize];
        private readonly float[] logProbabilityGradients = new float[batchSize];
        private readonly float[] valueGradients = new float[batchSize];

        public Losses Run(Random random, TrainingMonitor monitor)
        {
            double policy = 0, value = 0, entropy = 0;
            var minibatches = 0;
            for (var epoch = 0; epoch < h.Epochs; epoch++)
            {
                // RolloutBuffer.get: a fresh permutation per epoch, cut into consecutive minibatches (the last may be short).
                Shuffle(random);
                for (var start = 0; start < buffer.Size; start += batchSize)
                {
                    monitor.ThrowIfCancellationRequested();
                    var size = Math.Min(batchSize, buffer.Size - start);
                    Gather(start, size);
                    var (p, v, e) = Step(size);
                    policy += p;
                    value += v;
                    entropy += e;
                    minibatches++;
                }
            }

            return new Losses(policy / minibatches, value / minibatches, entropy / minibatches);
        }

        /// <summary>np.random.permutation by Fisher-Yates from the identity.</summary>
        private void Shuffle(Random random)
        {
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            for (var i = order.Length - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }

        private void Gather(int start, int size)
        {
            for (var k = 0; k < size; k++)
            {
                var index = order[start + k];
                buffer.Observations.AsSpan(index * observationLength, observationLength)
                    .CopyTo(observations.AsSpan(k * observationLength, observationLength));
                actions[k] = buffer.Actions[index];
                buffer.AllowedActions.AsSpan(index * actionCount, actionCount).CopyTo(allowed.AsSpan(k * actionCount, actionCount));
                oldLogProbabilities[k] = buffer.LogProbabilities[index];
                advantages[k] = buffer.Advantages[index];
                returns[k] = buffer.Returns[index];
            }
        }

        /// <summary>
        /// loss = -min(A r, A clip(r, 1-c, 1+c)).mean() + ent_coef * -H.mean() + vf_coef * MSE(returns, values),
        /// r = exp(log pi - old log pi); one clipped Adam step on it.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private (double Policy, double Value, double Entropy) Step(int size)
        {
            var advantage = advantages.AsSpan(0, size);
            if (h.NormalizeAdvantage)
            {
                AdvantageNormalization.Normalize(advantage);
            }

            networks.Evaluate(observations.AsSpan(0, size * observationLength), actions.AsSpan(0, size), allowed.AsSpan(0, size * actionCount));
            var logProbabilities = networks.ActionLogProbabilities;
            var entropies = networks.Entropies;
            var values = networks.Values;
            double policy = 0, value = 0, entropy = 0;
            for (var i = 0; i < size; i++)
            {
                var ratio = MathF.Exp(logProbabilities[i] - oldLogProbabilities[i]);
                var unclipped = advantage[i] * ratio;
                var clipped = advantage[i] * Math.Clamp(ratio, 1f - h.ClipRange, 1f + h.ClipRange);

                // Where the clipped term is the smaller one the ratio lies outside the range and the gradient is 0.
                policy -= Math.Min(unclipped, clipped);
                logProbabilityGradients[i] = unclipped <= clipped ? -unclipped / size : 0f;

                entropy -= entropies[i];
                var error = values[i] - returns[i];
                value += error * error;
                valueGradients[i] = h.ValueCoefficient * 2f * error / size;
            }

            networks.Backpropagate(
                logProbabilityGradients.AsSpan(0, size), -h.EntropyCoefficient / size, valueGradients.AsSpan(0, size));
            GradientClipping.ClipByGlobalNorm(networks.Both, h.MaxGradientNorm);
            optimizer.Step();
            return (policy / size, value / size, entropy / size);
        }
    }
}
