namespace Tmo.Edge.Console.History;

/// <summary>Turns decided in one minute, by kind of action; refused turns (no action fitted or could run) count too.</summary>
public sealed record DecisionRate(DateTimeOffset Minute, int Local, int CloudText, int CloudViews, int Refused)
{
    public int Total => Local + CloudText + CloudViews + Refused;
}
