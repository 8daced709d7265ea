using System.CommandLine;
using Tmo.Edge.Daemon.Cli;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Daemon.Tests.Cli;

/// <summary>Runs `tmo-edge` in-process with captured output, as a user would call it.</summary>
internal static class CliRun
{
    public static string DataPath => DatasetLocator.Resolve(null, AppContext.BaseDirectory);

    public static async Task<(int ExitCode, string Output, string Error)> InvokeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await TmoEdgeCommand.Create(TimeProvider.System)
            .Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
