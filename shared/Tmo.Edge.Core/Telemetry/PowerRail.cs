namespace Tmo.Edge.Core.Telemetry;

/// <summary>One monitored supply rail (e.g. VDD_IN, VDD_CPU_GPU_CV); a value the monitor does not give is null.</summary>
public sealed record PowerRail(string Name, double? VoltageV, double? CurrentA, double? PowerW);
