using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Learning;

namespace Tmo.Edge.Daemon.Decisions;

/// <summary>
/// What one lane decides with: its own policy instance (a policy is not thread-safe) and the environment the policy
/// was trained for. The daemon takes it from the loaded checkpoint; `policy eval --live` from each method it trains.
/// </summary>
public sealed record DecisionModel(IActionPolicy Policy, OffloadingScenario Scenario, ObservationLayout Layout, string Version);
