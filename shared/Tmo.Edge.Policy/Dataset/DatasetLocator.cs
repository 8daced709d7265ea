namespace Tmo.Edge.Policy.Dataset;

/// <summary>
/// Where the M4A1 file is: an explicit path (--data), else the TMO_M4A1 environment variable, else
/// ../shared/data/m4a1/M4A1.json beside the repository (found by walking up to Tmo.Edge.sln).
/// </summary>
public static class DatasetLocator
{
    public const string EnvironmentVariable = "TMO_M4A1";
    public const string DefaultRelativePath = "../shared/data/m4a1/M4A1.json";

    public static string Resolve(string? explicitPath, string startDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Path.GetFullPath(explicitPath);
        }

        var fromEnvironment = System.Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        var root = RepositoryRoot(startDirectory) ?? startDirectory;
        return Path.GetFullPath(Path.Combine(root, DefaultRelativePath));
    }

    private static string? RepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tmo.Edge.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
