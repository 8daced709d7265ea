namespace Tmo.Edge.Daemon.Decisions;

/// <summary>
/// Room taken under one UTC day's cloud cap for a call in flight. The call's cost is booked on <see cref="Day"/>, the
/// day whose cap admitted it, whatever the clock says when the call ends.
/// </summary>
public readonly record struct CloudReservation(DateOnly Day, double Usd);
