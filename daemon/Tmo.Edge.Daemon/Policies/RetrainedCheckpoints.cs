using Microsoft.Extensions.Options;
using Tmo.Edge.Data;

namespace Tmo.Edge.Daemon.Policies;

/// <summary>
/// The writable folder retrained checkpoints go to: Tmo:Policy:RetrainedDirectory, else `policies` in the data
/// directory (/var/lib/tmo-edge/policies under systemd, inside the unit's StateDirectory).
/// </summary>
public sealed class RetrainedCheckpoints(IOptions<PolicyOptions> policy, IOptions<StorageOptions> storage)
{
    public const string DefaultFolder = "policies";

    public string Directory { get; } = Path.GetFullPath(
        string.IsNullOrWhiteSpace(policy.Value.RetrainedDirectory) ? Path.Join(storage.Value.DataDirectory, DefaultFolder) : policy.Value.RetrainedDirectory);

    /// <summary>The path for a new checkpoint of <paramref name="version"/>, its folder created.</summary>
    public string PathFor(string version)
    {
        System.IO.Directory.CreateDirectory(Directory);
        return Path.Join(Directory, $"policy-{version}.json");
    }
}
