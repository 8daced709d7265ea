namespace Tmo.Edge.Console.Live;

/// <summary>The daemon's retained availability topic as the console last saw it.</summary>
public enum DeviceStatus
{
    /// <summary>Nothing retained yet, or the console is not connected to the broker.</summary>
    Unknown,
    Online,
    Offline,
}
