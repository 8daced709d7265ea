using System.Diagnostics;

namespace Tmo.Edge.Daemon.Runners.Local;

/// <summary>
/// How to start `tmo-edge llm-host`: the way this process was started, so the child runs the same build on the same
/// runtime - the installed apphost beside this assembly, or `dotnet tmo-edge.dll` under the dotnet host (tests,
/// `dotnet run`).
/// </summary>
public sealed record LlmHostLaunch(string FileName, IReadOnlyList<string> LeadingArguments)
{
    public static LlmHostLaunch ForThisInstall()
    {
        var directory = AppContext.BaseDirectory;
        var apphost = Path.Combine(directory, OperatingSystem.IsWindows() ? "tmo-edge.exe" : "tmo-edge");
        var processPath = Environment.ProcessPath;
        var underDotnet = processPath is not null && Path.GetFileNameWithoutExtension(processPath) == "dotnet";
        return !underDotnet && File.Exists(apphost)
            ? new LlmHostLaunch(apphost, [])
            : new LlmHostLaunch(underDotnet ? processPath! : "dotnet", [Path.Combine(directory, "tmo-edge.dll")]);
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
