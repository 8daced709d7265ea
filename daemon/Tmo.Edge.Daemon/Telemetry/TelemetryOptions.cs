using System.ComponentModel.DataAnnotations;
using Tmo.Edge.Core.Contracts;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// "Tmo:Telemetry": where readings come from, how often, and how they gate and price the local LLM. Source "auto"
/// detects the device under <see cref="Root"/>; naming a source overrides detection.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Tmo:Telemetry";

    public static IReadOnlyList<string> Sources { get; } = ["auto", "jetson", "linux", "nvidia-smi", "tegrastats", "ina219", "trace"];

    public bool Enabled { get; set; } = true;

    /// <summary>One of <see cref="Sources"/>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Source { get; set; } = "auto";

    /// <summary>Every sysfs/procfs path is read below this directory (a copy of a device's tree works too).</summary>
    [Required(AllowEmptyStrings = false)]
    public string Root { get; set; } = "/";

    /// <summary>JSON lines of samples replayed by the "trace" source, one line per sampling tick, looping.</summary>
    public string? TracePath { get; set; }

    [Range(0.01, 3600)]
    public double IntervalS { get; set; } = 1;

    /// <summary>One sample in this many seconds is stored in SQLite (the console's charts).</summary>
    [Range(1d, 86400d)]
    public double PersistIntervalS { get; set; } = 60;

    /// <summary>Publish Home Assistant MQTT discovery configs (retained) for the main sensors.</summary>
    public bool HomeAssistantDiscovery { get; set; } = true;

    [Required(AllowEmptyStrings = false)]
    public string DiscoveryPrefix { get; set; } = "homeassistant";

    [Required(AllowEmptyStrings = false)]
    public string NvidiaSmiPath { get; set; } = "nvidia-smi";

    [Required(AllowEmptyStrings = false)]
    public string TegrastatsPath { get; set; } = "tegrastats";

    [Range(0, 255)]
    public int Ina219Bus { get; set; } = 1;

    [Range(0x40, 0x4F)]
    public int Ina219Address { get; set; } = 0x40;

    [Range(0.0001, 100)]
    public double Ina219ShuntOhms { get; set; } = 0.1;

    [Range(0.01, 100)]
    public double Ina219MaxCurrentA { get; set; } = 3.2;

    /// <summary>Memory the local model needs (weights + KV cache); 0 disables the memory check.</summary>
    [Range(0d, (double)(1 << 24))]
    public double LocalModelMemoryMB { get; set; }

    [Range(0d, InputLimits.MaxMemoryMarginMB)]
    public double MemoryMarginMB { get; set; } = 512;

    /// <summary>Masked memory must recover this much above need + margin before the local LLM is offered again.</summary>
    [Range(0d, (double)(1 << 24))]
    public double MemoryHysteresisMB { get; set; } = 256;

    /// <summary>The local LLM is masked at or above this temperature of the hottest relevant zone.</summary>
    [Range(InputLimits.MinThermalLimitC, InputLimits.MaxThermalLimitC)]
    public double ThrottleC { get; set; } = 85;

    /// <summary>After a thermal mask, the zone must cool this far below the limit before the local LLM is offered again.</summary>
    [Range(0d, 50d)]
    public double ThermalHysteresisC { get; set; } = 5;

    /// <summary>Zones that count for the throttle limit (names as read, e.g. "soc0-thermal"); empty: all but PMIC zones.</summary>
    public IList<string> ThermalZones { get; } = [];

    /// <summary>Board power cap in W; 0 disables the power check.</summary>
    [Range(0d, InputLimits.MaxPowerCapW)]
    public double PowerCapW { get; set; }

    /// <summary>What a local LLM call adds to the measured draw.</summary>
    [Range(0d, 10000d)]
    public double LocalExtraPowerW { get; set; } = 10;

    [Range(0d, 10000d)]
    public double PowerHysteresisW { get; set; } = 2;

    /// <summary>Local usage = measured energy x this price (16.68 cents/kWh, the paper's figure).</summary>
    [Range(0d, 100d)]
    public double ElectricityUsdPerKwh { get; set; } = 0.1668;

    /// <summary>Measured costs replace the runners' static quotes once this many calls were observed.</summary>
    public bool LiveCosts { get; set; } = true;

    [Range(1, 10000)]
    public int WarmUpCalls { get; set; } = 5;

    /// <summary>Weight of the newest call in the moving averages.</summary>
    [Range(0.001, 1)]
    public double EwmaAlpha { get; set; } = 0.2;

    /// <summary>A live quote is the moving average plus this many standard deviations (and never below recent maxima).</summary>
    [Range(0d, 20d)]
    public double QuoteDeviations { get; set; } = 3;
}
