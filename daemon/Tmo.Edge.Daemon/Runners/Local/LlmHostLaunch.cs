using System.Diagnostics;

namespace Tmo.Edge.Daemon.Runners.Local;

/// <summary>
/// How to start `tmo-edge llm-host`: the installed apphost beside this assembly, or `dotnet tmo-edge.dll` where there
/// is none (framework-dependent runs, tests).
/// </summary>
public sealed record LlmHostLaunch(string FileName, IReadOnlyList<string> LeadingArguments)
{
    public static LlmHostLaunch ForThisInstall()
    {
        var directory = AppContext.BaseDirectory;
        var apphost = Path.Combine(directory, OperatingSystem.IsWindows() ? "tmo-edge.exe" : "tmo-edge");
        if (File.Exists(apphost))
        {
            return new LlmHostLaunch(apphost, []);
        }

        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        return new LlmHostLaunch(dotnet, [Path.Combine(directory, "tmo-edge.dll")]);
    }

    public ProcessStartInfo StartInfo(LlamaModelSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var start = new ProcessStartInfo(FileName, [.. LeadingArguments, .. settings.ToArguments()])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // ggml prints a backtrace through gdb before aborting, which takes seconds; the assertion line is enough.
        start.Environment["GGML_NO_BACKTRACE"] = "1";
        return start;
    }
}
