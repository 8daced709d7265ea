using System.Diagnostics;

namespace Tmo.Edge.Packaging.Tests;

/// <summary>Runs a command line tool to the end and returns what it printed, failing with its output when it fails.</summary>
internal static class Tool
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(string file, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await output, await error);
    }

    public static async Task<string> CheckedAsync(string file, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var list = arguments.ToList();
        var result = await RunAsync(file, list, environment, workingDirectory);
        Assert.True(result.ExitCode == 0, $"{file} {string.Join(' ', list)} exited with {result.ExitCode}:\n{result.Output}\n{result.Error}");
        return result.Output;
    }
}
