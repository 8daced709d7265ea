namespace Tmo.Edge.Packaging.Tests;

/// <summary>
/// The amd64 daemon package, built once for all tests by packaging/build-deb from this checkout (several minutes:
/// a self-contained publish and a checkpoint trained for it).
/// </summary>
public sealed class BuiltPackage : IAsyncLifetime
{
    public string RepositoryRoot { get; } = FindRepositoryRoot();

    public string OutputDirectory { get; } = Directory.CreateTempSubdirectory("tmo-deb-").FullName;

    public string Version { get; private set; } = "";

    public string DaemonDeb { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["TMO_EDGE_CLI"] = Path.Combine(AppContext.BaseDirectory, "tmo-edge.dll"),
        };
        var printed = await Tool.CheckedAsync(
            "bash", [Path.Combine(RepositoryRoot, "packaging", "build-deb"), "--arch", "amd64", "--out", OutputDirectory], environment);
        DaemonDeb = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Single(line => Path.GetFileName(line).StartsWith("tmo-edge_", StringComparison.Ordinal));
        Version = (await Tool.CheckedAsync("dpkg-deb", ["--field", DaemonDeb, "Version"])).Trim();
    }

    public Task DisposeAsync()
    {
        Directory.Delete(OutputDirectory, recursive: true);
        return Task.CompletedTask;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Tmo.Edge.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Tmo.Edge.sln above {AppContext.BaseDirectory}.");
    }
}

[CollectionDefinition(Name)]
public sealed class BuiltPackageCollection : ICollectionFixture<BuiltPackage>
{
    public const string Name = "built package";
}
