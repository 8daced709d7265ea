using System.Text;

namespace Tmo.Edge.TestSupport.Security;

/// <summary>
/// Looks for each configured secret, byte for byte (UTF-8 and UTF-16, as SQLite may store text either way), in
/// whatever a session left behind, and remembers where it was found so a failure says which secret leaked where.
/// </summary>
public sealed class SecretScan(IReadOnlyDictionary<string, string> secrets)
{
    private readonly List<string> _findings = [];
    private int _scanned;

    public IReadOnlyList<string> Findings => _findings;

    /// <summary>How many texts and files were looked at: a scan of nothing proves nothing.</summary>
    public int Scanned => _scanned;

    public void Text(string where, string? text)
    {
        _scanned++;
        foreach (var (name, secret) in secrets)
        {
            if (text?.Contains(secret, StringComparison.Ordinal) == true)
            {
                _findings.Add($"{name} in {where}: …{Around(text, secret)}…");
            }
        }
    }

    public void Bytes(string where, ReadOnlySpan<byte> bytes)
    {
        _scanned++;
        foreach (var (name, secret) in secrets)
        {
            if (bytes.IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0 || bytes.IndexOf(Encoding.Unicode.GetBytes(secret)) >= 0)
            {
                _findings.Add($"{name} in {where} (raw bytes)");
            }
        }
    }

    /// <summary>Every file under a directory, raw, SQLite's -wal and -shm included.</summary>
    public void Files(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            Bytes(file, File.ReadAllBytes(file));
        }
    }

    public void AssertClean() =>
        Assert.True(_findings.Count == 0, $"secrets leaked:\n{string.Join('\n', _findings)}");

    private static string Around(string text, string secret)
    {
        var at = text.IndexOf(secret, StringComparison.Ordinal);
        var start = Math.Max(0, at - 60);
        return text[start..Math.Min(text.Length, at + secret.Length + 20)];
    }
}
