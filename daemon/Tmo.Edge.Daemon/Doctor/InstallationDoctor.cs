using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.Doctor;

/// <summary>
/// Everything `tmo-edge doctor` checks, in the order an installation needs it: telemetry, the GPU's device nodes, the
/// model and its backend, the broker, storage and the clock. <paramref name="deviceRoot"/> is where /dev is looked
/// for (tests give a folder of stand-ins); telemetry reads below Tmo:Telemetry:Root.
/// </summary>
public sealed class InstallationDoctor(DoctorSettings settings, ICommandRunner commands, TimeProvider time, DateTimeOffset built, string applicationDirectory, string deviceRoot = "/")
{
    /// <summary>An MQTT login on a working broker takes milliseconds; a dead host is not waited on for long.</summary>
    private static readonly TimeSpan BrokerTimeout = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyList<DoctorCheck>> RunAsync(CancellationToken cancellationToken)
    {
        var checks = new List<DoctorCheck>();
        checks.AddRange(await new TelemetryDiagnosis(settings, commands).RunAsync(cancellationToken));
        checks.AddRange(new GpuDeviceNodes(settings, deviceRoot).Run());
        checks.AddRange(new LocalModelChecks(settings, applicationDirectory).Run());
        checks.Add(await new BrokerCheck(settings, BrokerTimeout).RunAsync(cancellationToken));
        checks.AddRange(new StorageCheck(settings).Run());
        checks.Add(new ClockCheck(time, built).Run());
        return checks;
    }
}
