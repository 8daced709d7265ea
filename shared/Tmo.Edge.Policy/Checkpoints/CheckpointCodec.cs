using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using Tmo.Edge.Policy.Learning;
using Tmo.Edge.Policy.Learning.Networks;

namespace Tmo.Edge.Policy.Checkpoints;

/// <summary>Reads and writes checkpoints and turns them into policies; every failure is a <see cref="CheckpointException"/>.</summary>
public static class CheckpointCodec
{
    public static async Task SaveAsync(PolicyCheckpoint checkpoint, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Write then rename, so a crash never leaves a half-written checkpoint under the real name.
        var temporary = path + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(stream, checkpoint, CheckpointJsonContext.Default.PolicyCheckpoint, cancellationToken);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public static async Task<PolicyCheckpoint> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointException($"Checkpoint '{path}' does not exist.");
        }

        return Parse(await File.ReadAllBytesAsync(path, cancellationToken), path);
    }

    /// <summary>A checkpoint from its JSON; <paramref name="source"/> names it in errors.</summary>
    public static PolicyCheckpoint Parse(ReadOnlySpan<byte> json, string source)
    {
        PolicyCheckpoint? checkpoint;
        try
        {
            checkpoint = JsonSerializer.Deserialize(json, CheckpointJsonContext.Default.PolicyCheckpoint);
        }
        catch (JsonException ex)
        {
            throw new CheckpointException($"Checkpoint '{source}' is not a valid checkpoint: {ex.Message}", ex);
        }

        if (checkpoint is null)
        {
            throw new CheckpointException($"Checkpoint '{source}' is empty.");
        }

        Validate(checkpoint, source);
        return checkpoint;
    }

    public static byte[] Serialize(PolicyCheckpoint checkpoint) =>
        JsonSerializer.SerializeToUtf8Bytes(checkpoint, CheckpointJsonContext.Default.PolicyCheckpoint);

    /// <summary>Restores the network as a policy; checks every shape against the checkpoint's own description.</summary>
    public static NeuralPolicy ToPolicy(PolicyCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var kind = ParseEnum<PolicyKind>(checkpoint.Network.Kind, "network kind");
        var network = ToMlp(checkpoint.Network, "network");
        var value = checkpoint.ValueNetwork is { } v ? ToMlp(v, "value network") : null;
        if (network.InputLength != checkpoint.ObservationLength || network.OutputLength != checkpoint.ActionCount)
        {
            throw new CheckpointException(
                $"Checkpoint '{checkpoint.PolicyVersion}': network maps {network.InputLength} -> {network.OutputLength}, " +
                $"but X = {checkpoint.Modalities}, Z = {checkpoint.HistoryWindow} needs {checkpoint.ObservationLength} -> {checkpoint.ActionCount}.");
        }

        try
        {
            return new NeuralPolicy(kind, network, value);
        }
        catch (ArgumentException ex)
        {
            throw new CheckpointException($"Checkpoint '{checkpoint.PolicyVersion}': {ex.Message}", ex);
        }
    }

    public static CheckpointNetwork FromMlp(PolicyKind kind, Mlp network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var bytes = new byte[network.Parameters.Length * sizeof(float)];
        for (var i = 0; i < network.Parameters.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), network.Parameters[i]);
        }

        return new CheckpointNetwork(kind.ToString(), network.LayerSizes, network.Activation.ToString(), Convert.ToBase64String(bytes));
    }

    /// <summary>A short, stable fingerprint of the weights, for policy version strings.</summary>
    public static string Fingerprint(CheckpointNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(network.Parameters)))[..8];
    }

    private static Mlp ToMlp(CheckpointNetwork network, string what)
    {
        var activation = ParseEnum<HiddenActivation>(network.Activation, $"{what} activation");
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(network.Parameters);
        }
        catch (FormatException ex)
        {
            throw new CheckpointException($"The {what}'s parameters are not valid base64.", ex);
        }

        if (bytes.Length % sizeof(float) != 0)
        {
            throw new CheckpointException($"The {what}'s parameters are {bytes.Length} bytes, not a whole number of float32 values.");
        }

        var parameters = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        if (parameters.Any(p => !float.IsFinite(p)))
        {
            throw new CheckpointException($"The {what} holds non-finite weights.");
        }

        try
        {
            return Mlp.FromParameters([.. network.Layers], activation, parameters);
        }
        catch (ArgumentException ex)
        {
            throw new CheckpointException($"The {what} does not match its layer sizes [{string.Join(", ", network.Layers)}]: {ex.Message}", ex);
        }
    }

    private static void Validate(PolicyCheckpoint checkpoint, string path)
    {
        if (checkpoint.Format != PolicyCheckpoint.FormatName)
        {
            throw new CheckpointException($"'{path}' is not a Tmo.Edge policy checkpoint (format '{checkpoint.Format}').");
        }

        if (checkpoint.FormatVersion != PolicyCheckpoint.CurrentFormatVersion)
        {
            throw new CheckpointException(
                $"Checkpoint '{path}' has format version {checkpoint.FormatVersion}; this build reads version {PolicyCheckpoint.CurrentFormatVersion}.");
        }

        if (checkpoint.Modalities is < 1 or > Actions.ActionSpace.MaxModalities || checkpoint.HistoryWindow < 1 || checkpoint.Tasks.Count == 0)
        {
            throw new CheckpointException($"Checkpoint '{path}' describes an impossible environment (X = {checkpoint.Modalities}, Z = {checkpoint.HistoryWindow}, {checkpoint.Tasks.Count} tasks).");
        }

        try
        {
            _ = ToPolicy(checkpoint);
        }
        catch (CheckpointException ex)
        {
            throw new CheckpointException($"Checkpoint '{path}': {ex.Message}", ex);
        }
    }

    private static T ParseEnum<T>(string value, string what)
        where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new CheckpointException($"Unknown {what} '{value}'. Known: {string.Join(", ", Enum.GetNames<T>())}.");
}
