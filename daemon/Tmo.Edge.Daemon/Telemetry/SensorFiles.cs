using System.Buffers.Text;
using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;
using Microsoft.Extensions.Logging;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// Reads sysfs/procfs files below a root directory. A missing file, a permission error or a value that is not a
/// number makes that one reading null and is logged once per path; nothing here throws into the sampling loop.
/// </summary>
public sealed partial class SensorFiles(string root, ILogger logger)
{
    private readonly ConcurrentDictionary<string, byte> _reported = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SafeFileHandle> _handles = new(StringComparer.Ordinal);

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The absolute path of <paramref name="path"/> ("/sys/...") below the root.</summary>
    public string Resolve(string path) => Path.Join(Root, path.TrimStart('/'));

    /// <summary>Directories matching <paramref name="pattern"/> in <paramref name="directory"/> (absolute), sorted; none when unreadable.</summary>
    public IReadOnlyList<string> Directories(string directory, string pattern)
    {
        try
        {
            if (!Directory.Exists(directory))
            {
                return [];
            }

            var found = Directory.GetDirectories(directory, pattern);
            Array.Sort(found, NaturalOrder.Instance);
            return found;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Report(directory, ex.Message);
            return [];
        }
    }

    /// <summary>The file's trimmed text, or null (logged once) when it cannot be read.</summary>
    public string? Text(string file)
    {
        try
        {
            return File.ReadAllText(file).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Report(file, ex is FileNotFoundException or DirectoryNotFoundException ? "missing" : ex.Message);
            return null;
        }
    }

    /// <summary>The file's text when the file exists, without reporting its absence (optional files).</summary>
    public string? OptionalText(string file) => File.Exists(file) ? Text(file) : null;

    /// <summary>
    /// The file's integer value, or null (logged once) when it is missing, unreadable or not a number. Sampled every
    /// second from dozens of files, so it reads into a stack buffer without allocating.
    /// </summary>
    public long? Value(string file)
    {
        Span<byte> buffer = stackalloc byte[64];
        var length = Read(file, buffer);
        if (length < 0)
        {
            return null;
        }

        var text = buffer[..length].Trim(" \n\r\t\0"u8);
        if (Utf8Parser.TryParse(text, out long value, out var consumed) && consumed == text.Length && text.Length > 0)
        {
            return value;
        }

        Report(file, $"not a number: '{Shorten(System.Text.Encoding.UTF8.GetString(text))}'");
        return null;
    }

    public long? OptionalValue(string file) => File.Exists(file) ? Value(file) : null;

    /// <summary>
    /// Reads the file from its start into <paramref name="buffer"/>: the byte count, or -1 (logged once) when it cannot
    /// be read. Handles stay open between samples: a sysfs attribute re-reads its value at offset 0, and skipping the
    /// open and close cuts a sample's cost by about two thirds. A read that fails (an attribute whose device went away
    /// answers ENODEV) drops the handle, so the next sample opens the file afresh. Not thread-safe: one sampler.
    /// </summary>
    public int Read(string file, Span<byte> buffer)
    {
        try
        {
            if (!_handles.TryGetValue(file, out var handle))
            {
                handle = File.OpenHandle(file);
                _handles[file] = handle;
            }

            try
            {
                return RandomAccess.Read(handle, buffer, 0);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _handles.Remove(file);
                handle.Dispose();
                throw;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Report(file, ex is FileNotFoundException or DirectoryNotFoundException ? "missing" : ex.Message);
            return -1;
        }
    }

    /// <summary>Logs a reading that could not be taken, once per origin for the life of this reader.</summary>
    public void Report(string origin, string reason)
    {
        if (_reported.TryAdd(origin, 0))
        {
            LogUnreadable(logger, origin, reason);
        }
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "..." : text;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telemetry reading {Origin} is unavailable ({Reason}); further failures of it are not logged")]
    private static partial void LogUnreadable(ILogger logger, string origin, string reason);
}
