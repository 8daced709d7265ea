namespace Tmo.Edge.TestSupport;

/// <summary>The checkout the tests run from: the first folder above the test binaries that holds Tmo.Edge.sln.</summary>
public static class RepositoryRoot
{
    public static string Find()
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
