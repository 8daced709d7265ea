using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.Tests.Telemetry;

/// <summary>Stands in for a tool: answers every call with a captured output file (null: the tool is not installed).</summary>
internal sealed class CapturedOutput(string? file) : ICommandRunner
{
    public List<(string File, IReadOnlyList<string> Arguments)> Calls { get; } = [];

    public async Task<string?> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        Calls.Add((fileName, arguments));
        return file is null ? null : await File.ReadAllTextAsync(file, cancellationToken);
    }
}
