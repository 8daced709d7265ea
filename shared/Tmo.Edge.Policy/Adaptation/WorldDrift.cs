namespace Tmo.Edge.Policy.Adaptation;

/// <summary>
/// A change in the world a shipped policy was trained for: the local or the cloud model's scores on one task scaled
/// (capped at the dataset's highest score), and the cloud's prices scaled.
/// </summary>
public sealed record WorldDrift(string Name, string? Task = null, double LocalScoreFactor = 1, double CloudPriceFactor = 1, double CloudScoreFactor = 1)
{
    public static WorldDrift LocalWorseAt(string task) => new("local-worse", task, LocalScoreFactor: 0.3);

    public static WorldDrift CloudPriceTriples() => new("cloud-price-x3", CloudPriceFactor: 3);

    public static WorldDrift LocalBetterAt(string task) => new("local-better", task, LocalScoreFactor: 1.5);

    /// <summary>The cloud model (a new version, a cheaper tier) answers one task far worse than it did.</summary>
    public static WorldDrift CloudWorseAt(string task) => new("cloud-worse", task, CloudScoreFactor: 0.3);

    public string Description =>
        string.Join("; ", new[]
        {
            LocalScoreFactor != 1 ? $"local scores on '{Task}' x {LocalScoreFactor:0.##}" : null,
            CloudScoreFactor != 1 ? $"cloud scores on '{Task}' x {CloudScoreFactor:0.##}" : null,
            CloudPriceFactor != 1 ? $"cloud prices x {CloudPriceFactor:0.##}" : null,
        }.Where(part => part is not null));
}
