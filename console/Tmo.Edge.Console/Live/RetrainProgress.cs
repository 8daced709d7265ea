namespace Tmo.Edge.Console.Live;

/// <summary>The daemon's last word on a retraining run (`policy/progress`): state, fraction done, a message.</summary>
public sealed record RetrainProgress(DateTimeOffset ReceivedAt, string State, double Fraction, string? Message);
