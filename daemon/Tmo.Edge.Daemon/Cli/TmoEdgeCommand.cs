using System.CommandLine;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>The `tmo-edge` command line: `policy train|eval|show` (the daemon itself joins in a later issue).</summary>
public static class TmoEdgeCommand
{
    public static RootCommand Create(TimeProvider time)
    {
        var policy = new Command("policy", "Train, evaluate and inspect RCRL offloading policies.")
        {
            PolicyTrainCommand.Create(time),
            PolicyEvalCommand.Create(),
            PolicyShowCommand.Create(),
        };
        return new RootCommand("Tmo.Edge: local/cloud LLM offloading for edge devices (TMO, MobiHoc 2025).") { policy };
    }
}
