using System.CommandLine;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>
/// The `tmo-edge` command line: `run` (the daemon), `replay` (the M4A1 publisher), `policy train|eval|adapt|show`,
/// `data export` (the device's rated dialogues as an M4A1 file), and
/// `telemetry` (one sample or a stream of this device's sensors), `doctor` (what this installation still needs),
/// `mqtt-user` (the embedded broker's accounts) and `llm-host` (the local LLM's own process, started by the daemon).
/// </summary>
public static class TmoEdgeCommand
{
    public static RootCommand Create(TimeProvider time)
    {
        var policy = new Command("policy", "Train, evaluate and inspect RCRL offloading policies.")
        {
            PolicyTrainCommand.Create(time),
            PolicyEvalCommand.Create(time),
            PolicyAdaptCommand.Create(),
            PolicyShowCommand.Create(),
            PolicySynthesizeCommand.Create(),
        };
        return new RootCommand("Tmo.Edge: local/cloud LLM offloading for edge devices (TMO, MobiHoc 2025).")
        {
            RunCommand.Create(),
            ReplayCommand.Create(time),
            policy,
            DataExportCommand.Create(time),
            LlmHostCommand.Create(),
            TelemetryCommand.Create(time),
            DoctorCommand.Create(time),
            MqttUserCommand.Create(),
        };
    }
}
