using System.ComponentModel;
using System.Diagnostics;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>Runs a process with a timeout; a tool that is missing, fails or hangs gives null instead of an exception.</summary>
public sealed class ProcessCommandRunner(TimeSpan timeout) : ICommandRunner
{
    public async Task<string?> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception($"{fileName} did not start");
        }
        catch (Win32Exception)
        {
            return null;
        }

        using (process)
        {
            try
            {
                var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
                await process.WaitForExitAsync(deadline.Token);
                var text = await output;
                return process.ExitCode == 0 ? text : null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
        }
    }
}
