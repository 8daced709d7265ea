using Microsoft.Extensions.Configuration;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Policies;
using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Data;

namespace Tmo.Edge.Daemon.Doctor;

/// <summary>
/// The settings the checks look at, bound from the daemon's configuration as `run` reads it but not validated: a
/// setting that would stop the daemon is what the doctor is there to explain, one check at a time.
/// </summary>
public sealed record DoctorSettings(TelemetryOptions Telemetry, LocalLlmOptions LocalLlm, MqttOptions Mqtt, StorageOptions Storage, PolicyOptions Policy)
{
    public static DoctorSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new DoctorSettings(
            configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions(),
            configuration.GetSection(LocalLlmOptions.Section).Get<LocalLlmOptions>() ?? new LocalLlmOptions(),
            configuration.GetSection(MqttOptions.Section).Get<MqttOptions>() ?? new MqttOptions(),
            configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions(),
            configuration.GetSection(PolicyOptions.Section).Get<PolicyOptions>() ?? new PolicyOptions());
    }

    /// <summary>The local LLM offloads layers to a GPU, so the GPU's nodes and a CUDA backend are needed.</summary>
    public bool NeedsGpu => LocalLlm.Enabled && LocalLlm.GpuLayers > 0;
}
