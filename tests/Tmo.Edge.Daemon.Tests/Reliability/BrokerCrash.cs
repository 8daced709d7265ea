namespace Tmo.Edge.Daemon.Tests.Reliability;

/// <summary>
/// When a fault test killed the broker: on the device's <see cref="ResilientDevice.Clock"/> (for the prompts it sent)
/// and on the wall clock the daemon stamps its rows with (for the answers the broker acknowledged to it).
/// </summary>
internal sealed record BrokerCrash(TimeSpan OnDeviceClock, DateTimeOffset At);
