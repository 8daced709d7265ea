using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tmo.Edge.Core.Messaging;

namespace Tmo.Edge.Daemon.Mqtt.Access;

/// <summary>
/// The broker's accounts, one `name:hash` line each, in Mosquitto's `password_file` format, so the same file serves
/// the embedded broker and an external Mosquitto (its `password_file` option). New hashes are Mosquitto 2's `$7$`:
/// PBKDF2-HMAC-SHA512, `$7${iterations}${base64 salt}${base64 hash}`, with a 12-byte salt and a 64-byte hash as
/// mosquitto_passwd writes them; Mosquitto 1.x's `$6$` lines (one SHA-512 of password + salt) are still verified.
/// Immutable: changes return a new instance, which <see cref="SaveAsync"/> writes atomically.
/// </summary>
public sealed class MqttPasswordFile
{
    /// <summary>
    /// PBKDF2 rounds for new hashes. Every CONNECT pays them (about 30 ms on an x86 core, a few times that on a
    /// Jetson), so they are far above mosquitto_passwd's default of 101 and far below a login form's 600,000.
    /// </summary>
    public const int Iterations = 20_000;

    private const int SaltBytes = 12;
    private const int HashBytes = 64;

    private static readonly string UnknownAccountHash = Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));

    private readonly IReadOnlyDictionary<string, string> _hashes;

    private MqttPasswordFile(IReadOnlyDictionary<string, string> hashes) => _hashes = hashes;

    public static MqttPasswordFile Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    public IReadOnlyList<string> Names => [.. _hashes.Keys.Order(StringComparer.Ordinal)];

    public int Count => _hashes.Count;

    public bool Contains(string name) => _hashes.ContainsKey(name);

    /// <summary>Reads <paramref name="path"/>; a missing file is no accounts. Throws <see cref="InvalidDataException"/> naming the bad line.</summary>
    public static async Task<MqttPasswordFile> LoadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return Empty;
        }

        return Parse(await File.ReadAllLinesAsync(path, cancellationToken), path);
    }

    public static MqttPasswordFile Parse(IEnumerable<string> lines, string source)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? line : line[..colon];
            if (!MqttAccountName.IsValid(name) || colon < 0 || !IsKnownHash(line[(colon + 1)..]))
            {
                throw new InvalidDataException(
                    $"{source} line {number} is not 'name:$7$iterations$salt$hash' (mosquitto_passwd's format) with a name of {MqttAccountName.Rule}.");
            }

            hashes[name] = line[(colon + 1)..];
        }

        return new MqttPasswordFile(hashes);
    }

    /// <summary>Whether <paramref name="password"/> is the account's; false for an unknown account, after the same work.</summary>
    public bool Verify(string? name, ReadOnlySpan<byte> password)
    {
        if (name is not null && _hashes.TryGetValue(name, out var hash))
        {
            return Matches(hash, password);
        }

        // As long as a real check, so the time taken does not tell which accounts exist.
        Matches(UnknownAccountHash, password);
        return false;
    }

    public MqttPasswordFile With(string name, string password)
    {
        if (!MqttAccountName.IsValid(name))
        {
            throw new ArgumentException($"'{name}' is not a valid account name: {MqttAccountName.Rule}.", nameof(name));
        }

        ArgumentException.ThrowIfNullOrEmpty(password);
        return new MqttPasswordFile(new Dictionary<string, string>(_hashes, StringComparer.Ordinal) { [name] = Hash(password) });
    }

    public MqttPasswordFile Without(string name)
    {
        var hashes = new Dictionary<string, string>(_hashes, StringComparer.Ordinal);
        hashes.Remove(name);
        return new MqttPasswordFile(hashes);
    }

    /// <summary>Writes the file readable by its owner only, through a temporary file and a rename, so a reader never sees half of it.</summary>
    public async Task SaveAsync(string path, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Join(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        var lines = _hashes.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}:{pair.Value}\n");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temporary, options))
        await using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            foreach (var line in lines)
            {
                await writer.WriteAsync(line.AsMemory(), cancellationToken);
            }

            await writer.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA512, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"$7${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    private static bool IsKnownHash(string hash) => TryRead(hash, out _, out _, out _, out _);

    private static bool Matches(string stored, ReadOnlySpan<byte> password)
    {
        if (!TryRead(stored, out var scheme, out var iterations, out var salt, out var expected))
        {
            return false;
        }

        var actual = scheme == 7
            ? Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA512, expected.Length)
            : SHA512.HashData([.. password, .. salt]);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>`$7$iterations$salt$hash` or `$6$salt$hash`.</summary>
    private static bool TryRead(string stored, out int scheme, out int iterations, out byte[] salt, out byte[] hash)
    {
        scheme = iterations = 0;
        salt = hash = [];
        var parts = stored.Split('$');
        try
        {
            switch (parts)
            {
                case ["", "7", var rounds, var salt7, var hash7] when int.TryParse(rounds, NumberStyles.None, CultureInfo.InvariantCulture, out iterations) && iterations > 0:
                    scheme = 7;
                    salt = Convert.FromBase64String(salt7);
                    hash = Convert.FromBase64String(hash7);
                    return hash.Length > 0;
                case ["", "6", var salt6, var hash6]:
                    scheme = 6;
                    salt = Convert.FromBase64String(salt6);
                    hash = Convert.FromBase64String(hash6);
                    return hash.Length == 64;
                default:
                    return false;
            }
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
