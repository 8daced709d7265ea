using System.Runtime.CompilerServices;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Learning.Networks;

namespace Tmo.Edge.Policy.Learning;

/// <summary>
/// Deep Q-learning as in SB3 2.2.1 DQN: epsilon-greedy collection into a replay buffer, a Huber-loss Adam step
/// every <see cref="DqnHyperparameters.TrainFrequency"/> steps once past the warm-up, and a target network
/// refreshed every <see cref="DqnHyperparameters.TargetUpdateInterval"/> steps.
/// </summary>
public sealed class DqnLearner(DqnHyperparameters? hyperparameters = null) : IPolicyLearner
{
    public DqnHyperparameters Hyperparameters { get; } = hyperparameters ?? new DqnHyperparameters();

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

        // OffPolicyAlgorithm.learn collects train_freq steps per round until the requested steps are reached.
        var plannedSteps = (totalSteps + h.TrainFrequency - 1) / h.TrainFrequency * h.TrainFrequency;
        var random = new Random(seed);
        var qNetwork = new Mlp(environment.ObservationLength, h.HiddenLayerSizes, environment.ActionCount, h.Activation);
        NetworkInitialization.PyTorchDefault(qNetwork, random);
        var targetNetwork = qNetwork.Clone();
        var monitor = new TrainingMonitor(plannedSteps, progress, cancellationToken);

        // SB3 allocates 1,000,000 transitions; a run never stores more than its own steps, so the ring stops there.
        var replay = new ReplayBuffer(Math.Min(h.BufferSize, plannedSteps), environment.ObservationLength);
        var update = new Update(h, qNetwork, targetNetwork, replay);
        var observation = new float[environment.ObservationLength];
        var nextObservation = new float[environment.ObservationLength];
        var qValues = new float[environment.ActionCount];
        var loss = double.NaN;

        environment.Reset(observation);
        while (monitor.Steps < totalSteps)
        {
            for (var k = 0; k < h.TrainFrequency; k++)
            {
                var action = ChooseAction(observation, qNetwork, qValues, monitor.Steps, totalSteps, random);
                var outcome = environment.Step(action, nextObservation);

                // On termination nextObservation holds the environment's filler; (1 - done) masks it out of the target.
                replay.Add(observation, action, outcome.Reward, nextObservation, outcome.Done);
                if (outcome.Done)
                {
                    environment.Reset(observation);
                }
                else
                {
                    nextObservation.CopyTo(observation, 0);
                }

                monitor.RecordStep(outcome.Reward, outcome.Done);
                if (monitor.Steps % h.TargetUpdateInterval == 0)
                {
                    PolyakUpdate(qNetwork, targetNetwork, h.Tau);
                }
            }

            if (monitor.Steps > h.LearningStarts)
            {
                for (var g = 0; g < h.GradientSteps; g++)
                {
                    loss = update.Step(random);
                }
            }
        }

        return new TrainingResult(new NeuralPolicy(PolicyKind.QValue, qNetwork), monitor.Metrics(null, loss, null));
    }

    /// <summary>
    /// Uniform actions during the warm-up, then epsilon-greedy (DQN.predict) with epsilon from SB3's
    /// get_linear_fn over the fraction of requested steps done.
    /// </summary>
    private int ChooseAction(float[] observation, Mlp qNetwork, float[] qValues, int step, int totalSteps, Random random)
    {
        var h = Hyperparameters;
        if (step < h.LearningStarts)
        {
            return random.Next(qValues.Length);
        }

        var progress = (double)step / totalSteps;
        var epsilon = h.ExplorationFraction <= 0f || progress > h.ExplorationFraction
            ? h.ExplorationFinalEpsilon
            : h.ExplorationInitialEpsilon + (progress * (h.ExplorationFinalEpsilon - h.ExplorationInitialEpsilon) / h.ExplorationFraction);
        if (random.NextDouble() < epsilon)
        {
            return random.Next(qValues.Length);
        }

        qNetwork.Forward(observation, qValues);
        return Categorical.ArgMax(qValues, []);
    }

    /// <summary>SB3 polyak_update: target = (1 - tau) * target + tau * source; tau = 1 copies exactly.</summary>
    private static void PolyakUpdate(Mlp source, Mlp target, float tau)
    {
        var from = source.Parameters;
        var to = target.Parameters;
        for (var i = 0; i < to.Length; i++)
        {
            to[i] = (to[i] * (1f - tau)) + (from[i] * tau);
        }
    }

    /// <summary>SB3 2.2.1 DQN.train's gradient step with its batch buffers.</summary>
    private sealed class Update(DqnHyperparameters h, Mlp qNetwork, Mlp targetNetwork, ReplayBuffer replay)
    {
        private readonly Mlp[] trained = [qNetwork];
        private readonly Adam optimizer = new([qNetwork], h.LearningRate, h.AdamEpsilon);
        private readonly float[] observations = new float[h.BatchSize * qNetwork.InputLength];
        private readonly float[] nextObservations = new float[h.BatchSize * qNetwork.InputLength];
        private readonly int[] actions = new int[h.BatchSize];
        private readonly float[] rewards = new float[h.BatchSize];
        private readonly bool[] dones = new bool[h.BatchSize];
        private readonly float[] targets = new float[h.BatchSize];
        private readonly float[] outputGradients = new float[h.BatchSize * qNetwork.OutputLength];

        /// <summary>
        /// One Adam step on smooth_l1_loss(Q(s, a), r + (1 - done) * gamma * max_a' Q_target(s', a')); returns the loss.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public double Step(Random random)
        {
            var batch = h.BatchSize;
            var actionCount = qNetwork.OutputLength;
            replay.Sample(random, observations, actions, rewards, nextObservations, dones);

            var nextQ = targetNetwork.ForwardBatch(nextObservations, batch);
            for (var i = 0; i < batch; i++)
            {
                var best = float.NegativeInfinity;
                foreach (var value in nextQ.Slice(i * actionCount, actionCount))
                {
                    best = MathF.Max(best, value);
                }

                targets[i] = rewards[i] + ((dones[i] ? 0f : 1f) * h.Gamma * best);
            }

            var q = qNetwork.ForwardBatch(observations, batch);
            Array.Clear(outputGradients);
            var loss = 0.0;
            for (var i = 0; i < batch; i++)
            {
                // Huber with delta 1: quadratic inside |d| < 1, linear outside; its gradient is d clamped to [-1, 1].
                var difference = q[(i * actionCount) + actions[i]] - targets[i];
                var magnitude = MathF.Abs(difference);
                loss += magnitude < 1f ? 0.5f * difference * difference : magnitude - 0.5f;
                outputGradients[(i * actionCount) + actions[i]] = Math.Clamp(difference, -1f, 1f) / batch;
            }

            qNetwork.ZeroGradients();
            qNetwork.Backward(outputGradients);
            GradientClipping.ClipByGlobalNorm(trained, h.MaxGradientNorm);
            optimizer.Step();
            return loss / batch;
        }
    }
}
