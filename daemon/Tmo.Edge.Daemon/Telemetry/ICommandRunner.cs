namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>Runs a tool (nvidia-smi) and returns its standard output; null (logged by the caller) when it could not run.</summary>
public interface ICommandRunner
{
    Task<string?> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken);
}
