using Tmo.Edge.Policy.Environment;

namespace Tmo.Edge.Policy.Learning;

/// <summary>Argument checks shared by every <see cref="IPolicyLearner.Train"/>.</summary>
internal static class TrainingArguments
{
    public static void Validate(ITrainingEnvironment environment, int totalSteps)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        if (environment.ObservationLength <= 0 || environment.ActionCount <= 0)
        {
            throw new ArgumentException(
                $"The environment needs observations and actions, got {environment.ObservationLength} and {environment.ActionCount}.",
                nameof(environment));
        }
    }
}
