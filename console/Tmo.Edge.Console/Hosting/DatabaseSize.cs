using Microsoft.Extensions.Options;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Connecting;

namespace Tmo.Edge.Console.Hosting;

/// <summary>The database file's size on disk, with its write-ahead log (which can be large between checkpoints).</summary>
public sealed class DatabaseSize(IOptions<StorageOptions> storage)
{
    public string Path => SqliteDatabase.PathIn(storage.Value.DataDirectory);

    public (long DatabaseBytes, long WalBytes) Measure() => (SizeOf(Path), SizeOf(Path + "-wal"));

    private static long SizeOf(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? file.Length : 0;
    }
}
