using Tmo.Edge.Policy.Environment;

namespace Tmo.Edge.Policy.Tests.Learning;

/// <summary>
/// Toy episodic contextual bandit: each step shows a random context as a one-hot observation; action
/// context % actionCount earns 1, anything else 0; episodes last <c>episodeLength</c> steps.
/// </summary>
internal sealed class ContextBanditEnvironment(int contextCount, int actionCount, int episodeLength, int seed) : ITrainingEnvironment
{
    private readonly Random random = new(seed);
    private int context;
    private int stepInEpisode;

    public int ObservationLength => contextCount;

    public int ActionCount => actionCount;

    public static int CorrectAction(int context, int actionCount) => context % actionCount;

    public static float[] Observation(int context, int observationLength)
    {
        var observation = new float[observationLength];
        observation[context] = 1f;
        return observation;
    }

    public void Reset(Span<float> observation)
    {
        stepInEpisode = 0;
        Show(observation);
    }

    public EnvironmentStep Step(int action, Span<float> nextObservation)
    {
        var reward = action == CorrectAction(context, actionCount) ? 1f : 0f;
        stepInEpisode++;
        if (stepInEpisode == episodeLength)
        {
            nextObservation.Fill(-1f);
            return new EnvironmentStep(reward, Done: true);
        }

        Show(nextObservation);
        return new EnvironmentStep(reward, Done: false);
    }

    private void Show(Span<float> observation)
    {
        context = random.Next(contextCount);
        observation.Clear();
        observation[context] = 1f;
    }
}
