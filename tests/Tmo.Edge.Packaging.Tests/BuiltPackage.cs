namespace Tmo.Edge.Packaging.Tests;

/// <summary>
/// The amd64 packages, daemon and console, built once for all tests by packaging/build-deb from this checkout
/// (several minutes: two self-contained publishes and a checkpoint trained for the daemon).
/// </summary>
public sealed class BuiltPackage : IAsyncLifetime
{
    public string RepositoryRoot { get; } = TestSupport.RepositoryRoot.Find();

    public string OutputDirectory { get; } = Directory.CreateTempSubdirectory("tmo-deb-").FullName;

    public string Version { get; private set; } = "";

    public string DaemonDeb { get; private set; } = "";

    public string ConsoleDeb { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["TMO_EDGE_CLI"] = Path.Combine(AppContext.BaseDirectory, "tmo-edge.dll"),
        };
        var printed = await Tool.CheckedAsync(
            "bash", [Path.Combine(RepositoryRoot, "packaging", "build-deb"), "--arch", "amd64", "--out", OutputDirectory], environment);
        var debs = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        DaemonDeb = debs.Single(line => Path.GetFileName(line).StartsWith("tmo-edge_", StringComparison.Ordinal));
        ConsoleDeb = debs.Single(line => Path.GetFileName(line).StartsWith("tmo-edge-console_", StringComparison.Ordinal));
        Version = (await Tool.CheckedAsync("dpkg-deb", ["--field", DaemonDeb, "Version"])).Trim();
    }

    public Task DisposeAsync()
    {
        Directory.Delete(OutputDirectory, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class BuiltPackageCollection : ICollectionFixture<BuiltPackage>
{
    public const string Name = "built package";
}
