using System.CommandLine;
using Tmo.Edge.Policy.Checkpoints;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>Turns the errors a user can cause (missing or bad files, bad arguments) into one clear line and exit code 1.</summary>
internal static class CliErrors
{
    public static async Task<int> GuardAsync(ParseResult parse, Func<TextWriter, TextWriter, Task> action)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        try
        {
            await action(stdout, stderr);
            return 0;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DatasetFormatException or CheckpointException or ArgumentException or FormatException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
    }
}
