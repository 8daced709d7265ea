using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;

namespace Tmo.Edge.Daemon.Policies;

/// <summary>
/// Checks "Tmo:Policy": the checkpoint is named and exists, and the folder for retrained checkpoints is a path that is
/// not a file. Loading the checkpoint is the start-up's job (<see cref="Hosting.DaemonRuntimeLoader"/>), not the options'.
/// </summary>
public sealed class PolicyOptionsValidator : IValidateOptions<PolicyOptions>
{
    private static readonly PolicyOptionsAttributes Attributes = new();

    public ValidateOptionsResult Validate(string? name, PolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new ValidateOptionsResultBuilder().AddAttributeFailures(PolicyOptions.Section, Attributes.Validate(name, options));
        if (!string.IsNullOrEmpty(options.CheckpointPath) && !File.Exists(options.CheckpointPath))
        {
            failures.AddError($"{PolicyOptions.Section}:CheckpointPath '{options.CheckpointPath}' does not exist.");
        }

        if (!string.IsNullOrEmpty(options.RetrainedDirectory) && RetrainedDirectoryProblem(options.RetrainedDirectory) is { } problem)
        {
            failures.AddError($"{PolicyOptions.Section}:RetrainedDirectory '{options.RetrainedDirectory}' {problem}");
        }

        return failures.Build();
    }

    private static string? RetrainedDirectoryProblem(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory) || directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return "is not a path.";
        }

        return File.Exists(directory) ? "is a file, not a directory." : null;
    }
}

/// <summary><see cref="PolicyOptions"/>' attributes, checked by generated code instead of reflection.</summary>
[OptionsValidator]
internal sealed partial class PolicyOptionsAttributes : IValidateOptions<PolicyOptions>;
