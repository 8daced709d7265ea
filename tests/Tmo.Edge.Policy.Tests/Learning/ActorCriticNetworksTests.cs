using Tmo.Edge.Policy.Learning;
using Tmo.Edge.Policy.Learning.Networks;

namespace Tmo.Edge.Policy.Tests.Learning;

public sealed class ActorCriticNetworksTests
{
    [Fact]
    public void Backpropagated_log_probability_entropy_and_value_gradients_match_finite_differences()
    {
        var random = new Random(4);
        var networks = new ActorCriticNetworks(4, 3, [6], HiddenActivation.Tanh, batchCapacity: 3, random);

        // Large output gains make the action distribution far from uniform, so the entropy term matters.
        NetworkInitialization.Orthogonal(networks.Policy, random, 1f, 2f);
        float[] observations = [0.5f, -1f, 0.2f, 0.9f, -0.3f, 0.8f, -0.6f, 0.1f, 1f, 0.4f, -0.7f, -0.2f];
        int[] actions = [2, 0, 1];
        float[] logProbabilityWeights = [0.7f, -1.2f, 0.4f];
        const float entropyWeight = -0.3f;
        float[] valueWeights = [0.5f, 0.25f, -1f];

        networks.Evaluate(observations, actions, []);
        networks.Backpropagate(logProbabilityWeights, entropyWeight, valueWeights);

        double Loss()
        {
            networks.Evaluate(observations, actions, []);
            var loss = 0.0;
            for (var i = 0; i < actions.Length; i++)
            {
                loss += (logProbabilityWeights[i] * networks.ActionLogProbabilities[i])
                    + (entropyWeight * networks.Entropies[i])
                    + (valueWeights[i] * networks.Values[i]);
            }

            return loss;
        }

        foreach (var network in networks.Both)
        {
            for (var k = 0; k < network.Parameters.Length; k++)
            {
                var original = network.Parameters[k];
                network.Parameters[k] = original + 1e-3f;
                var plus = Loss();
                network.Parameters[k] = original - 1e-3f;
                var minus = Loss();
                network.Parameters[k] = original;

                var numeric = (plus - minus) / 2e-3;
                Assert.True(
                    Math.Abs(numeric - network.Gradients[k]) <= 1e-3 + (1e-2 * Math.Abs(numeric)),
                    $"parameter {k}: analytic {network.Gradients[k]}, finite difference {numeric}");
            }
        }
    }
}
