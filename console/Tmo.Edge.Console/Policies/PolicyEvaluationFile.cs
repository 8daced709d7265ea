using System.Text.Json;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Data.Policies;

namespace Tmo.Edge.Console.Policies;

/// <summary>The evaluation kept beside a checkpoint, "{checkpoint}.evaluation.json" (<see cref="PolicyEvaluation"/>).</summary>
public static class PolicyEvaluationFile
{
    public static string PathFor(string checkpointPath) => checkpointPath + PolicyVersionStore.EvaluationFileSuffix;

    /// <summary>The evaluation, or null when there is no readable one next to the checkpoint.</summary>
    public static async Task<PolicyEvaluation?> ReadAsync(string checkpointPath, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = File.OpenRead(PathFor(checkpointPath));
            return await JsonSerializer.DeserializeAsync(stream, ContractJsonContext.Default.PolicyEvaluation, cancellationToken) is { Methods: not null } evaluation
                ? evaluation
                : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
