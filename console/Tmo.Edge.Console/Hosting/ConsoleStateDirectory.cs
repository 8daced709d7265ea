using Tmo.Edge.Data;

namespace Tmo.Edge.Console.Hosting;

/// <summary>Where the console keeps its own files (data-protection keys, the first start's password): Tmo:Console:StateDirectory, else the data directory.</summary>
internal static class ConsoleStateDirectory
{
    /// <summary>Holds the generated admin password after a first start, readable by the service's user only.</summary>
    public const string InitialPasswordFileName = "initial-admin-password";

    public static string Of(ConsoleOptions console, StorageOptions storage) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(console.StateDirectory) ? storage.DataDirectory : console.StateDirectory);
}
