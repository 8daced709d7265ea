namespace Tmo.Edge.Daemon.Tests.Mqtt;

/// <summary>Waits for a condition instead of sleeping a fixed time: returns as soon as it holds, fails after the timeout.</summary>
internal static class Eventually
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
}
