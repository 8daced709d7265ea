using Microsoft.Extensions.Options;
using Tmo.Edge.Daemon.Policies;
using Tmo.Edge.Data;

namespace Tmo.Edge.Daemon.Tests.Policies;

/// <summary>Retrained checkpoints go to a writable folder of the daemon's own, never beside the shipped one.</summary>
public sealed class RetrainedCheckpointsTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("tmo-retrained-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public void Without_a_configured_folder_they_go_to_policies_in_the_data_directory_which_is_created()
    {
        var retrained = Create(new PolicyOptions { CheckpointPath = "/usr/share/tmo-edge/policy.json" });

        var path = retrained.PathFor("rc-a2c-2026-12-05-1");

        Assert.Equal(Path.Combine(_data, "policies", "policy-rc-a2c-2026-12-05-1.json"), path);
        Assert.True(Directory.Exists(Path.Combine(_data, "policies")));
    }

    [Fact]
    public void A_configured_folder_wins()
    {
        var folder = Path.Combine(_data, "elsewhere");

        var retrained = Create(new PolicyOptions { RetrainedDirectory = folder });

        Assert.Equal(folder, retrained.Directory);
    }

    [Fact]
    public void A_file_named_as_the_folder_is_refused_at_start_with_the_key()
    {
        var file = Path.Combine(_data, "not-a-folder");
        File.WriteAllText(file, "");
        var options = new PolicyOptions { CheckpointPath = file, RetrainedDirectory = file };

        var result = new PolicyOptionsValidator().Validate(null, options);

        Assert.Equal($"Tmo:Policy:RetrainedDirectory '{file}' is a file, not a directory.", Assert.Single(result.Failures!));
    }

    private RetrainedCheckpoints Create(PolicyOptions policy) =>
        new(Options.Create(policy), Options.Create(new StorageOptions { DataDirectory = _data }));
}
