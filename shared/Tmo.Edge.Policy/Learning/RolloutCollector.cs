using System.Runtime.CompilerServices;
using Tmo.Edge.Policy.Environment;

namespace Tmo.Edge.Policy.Learning;

/// <summary>
/// SB3 2.2.1 OnPolicyAlgorithm.collect_rollouts on one auto-resetting environment: keeps the last observation and
/// episode-start flag across rollouts.
/// </summary>
internal sealed class RolloutCollector
{
    private readonly ITrainingEnvironment environment;
    private readonly float[] observation;
    private bool episodeStart = true;

    public RolloutCollector(ITrainingEnvironment environment)
    {
        this.environment = environment;
        observation = new float[environment.ObservationLength];
        environment.Reset(observation);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Collect(RolloutBuffer buffer, ActorCriticNetworks networks, Random random, TrainingMonitor monitor, float gamma, float gaeLambda)
    {
        var length = observation.Length;
        for (var step = 0; step < buffer.Size; step++)
        {
            observation.CopyTo(buffer.Observations, step * length);
            var allowed = buffer.AllowedActions.AsSpan(step * environment.ActionCount, environment.ActionCount);
            environment.WriteAllowedActions(allowed);
            var action = networks.Act(observation, allowed, random, out var value, out var logProbability);
            var outcome = environment.Step(action, observation);
            if (outcome.Done)
            {
                environment.Reset(observation);
            }

            buffer.Actions[step] = action;
            buffer.Rewards[step] = outcome.Reward;
            buffer.EpisodeStarts[step] = episodeStart;
            buffer.Values[step] = value;
            buffer.LogProbabilities[step] = logProbability;
            episodeStart = outcome.Done;
            monitor.RecordStep(outcome.Reward, outcome.Done);
        }

        buffer.ComputeReturnsAndAdvantage(networks.PredictValue(observation), episodeStart, gamma, gaeLambda);
    }
}
