using FsCheck.Xunit;

namespace Tmo.Edge.TestSupport.Fuzzing;

/// <summary>
/// A property test run with <see cref="Cases"/> random inputs: 1,000 in `make test`, as many as TMO_FUZZ_CASES says
/// under `make fuzz`. FsCheck prints the seed of a failing run, so it can be replayed.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FuzzAttribute : PropertyAttribute
{
    public FuzzAttribute()
    {
        MaxTest = Cases;
        QuietOnSuccess = true;
    }

    public static int Cases =>
        int.TryParse(Environment.GetEnvironmentVariable("TMO_FUZZ_CASES"), out var cases) && cases > 0 ? cases : 1000;
}
