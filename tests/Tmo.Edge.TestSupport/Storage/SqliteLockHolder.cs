using System.Diagnostics;

namespace Tmo.Edge.TestSupport.Storage;

/// <summary>
/// Another process holding a database file's write lock: the sqlite3 command-line shell inside BEGIN EXCLUSIVE, until
/// <see cref="ReleaseAsync"/> commits (or dispose kills it).
/// </summary>
public sealed class SqliteLockHolder : IAsyncDisposable
{
    private const string Locked = "tmo-locked";

    private readonly Process _process;

    private SqliteLockHolder(Process process) => _process = process;

    /// <summary>Starts sqlite3 on <paramref name="databasePath"/> and returns once it holds the lock.</summary>
    public static async Task<SqliteLockHolder> TakeAsync(string databasePath)
    {
        var start = new ProcessStartInfo("sqlite3", [databasePath])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("sqlite3 did not start.");
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException(
                "sqlite3 is not installed: the lock tests hold the database from a real second process. Install it with " +
                "`apt-get install -y sqlite3` (scripts/install-test-deps does this).", error);
        }

        var holder = new SqliteLockHolder(process);
        try
        {
            // The shell waits for a writer in the middle of a commit rather than failing at once; EXCLUSIVE takes the
            // write lock at BEGIN (under WAL, readers go on reading).
            await process.StandardInput.WriteLineAsync($".timeout 10000\nBEGIN EXCLUSIVE;\nSELECT '{Locked}';");
            await process.StandardInput.FlushAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line == Locked)
                {
                    return holder;
                }
            }

            throw new InvalidOperationException($"sqlite3 did not take the lock: {await process.StandardError.ReadToEndAsync()}");
        }
        catch
        {
            await holder.DisposeAsync();
            throw;
        }
    }

    /// <summary>Commits (nothing was written) and lets the shell exit, which releases the lock.</summary>
    public async Task ReleaseAsync()
    {
        await _process.StandardInput.WriteLineAsync("COMMIT;\n.quit");
        await _process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
