namespace Tmo.Edge.TestSupport;

/// <summary>Waits for a condition instead of sleeping a fixed time: returns as soon as it holds, fails after the timeout.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    public static async Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null, Func<string>? state = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > limit)
            {
                Assert.Fail($"Timed out after {limit.TotalSeconds} s waiting for: {what}{(state is null ? "" : $"\n{state()}")}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>The probe's first non-null value, probing every 20 ms; throws after the timeout (15 s by default).</summary>
    public static Task<T> ReturnsAsync<T>(Func<T?> probe, TimeSpan? timeout = null)
        where T : class =>
        ReturnsAsync(() => Task.FromResult(probe()), timeout);

    public static async Task<T> ReturnsAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null)
        where T : class
    {
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"What the test waited for did not come within {limit.TotalSeconds} s.");
    }
}
