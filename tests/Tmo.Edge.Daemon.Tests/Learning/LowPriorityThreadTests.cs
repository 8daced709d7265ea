using System.Globalization;
using Tmo.Edge.Daemon.Learning;

namespace Tmo.Edge.Daemon.Tests.Learning;

/// <summary>A learning round trains on a thread of its own that the kernel schedules below the daemon's other threads.</summary>
public sealed class LowPriorityThreadTests
{
    [Fact]
    public async Task The_work_runs_on_a_thread_of_its_own_niced_to_ten_and_the_callers_is_unchanged()
    {
        var caller = Nice(LowPriorityThread.CurrentThreadId());

        var (tid, nice) = await LowPriorityThread.RunAsync(
            "test-learning", () => (LowPriorityThread.CurrentThreadId(), Nice(LowPriorityThread.CurrentThreadId())), CancellationToken.None);

        Assert.NotEqual(Environment.ProcessId, tid);
        Assert.Equal(Math.Max(caller, LowPriorityThread.Niceness), nice);
        Assert.Equal(caller, Nice(LowPriorityThread.CurrentThreadId()));
        // No thread-pool worker inherited the nice value: decisions run on them.
        var workers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => Nice(LowPriorityThread.CurrentThreadId()))));
        Assert.All(workers, worker => Assert.Equal(caller, worker));
    }

    [Fact]
    public async Task Work_cancelled_by_its_token_ends_as_cancelled_and_a_failure_comes_back_as_itself()
    {
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = LowPriorityThread.RunAsync<int>("test-cancel", () =>
        {
            started.SetResult();
            stop.Token.WaitHandle.WaitOne();
            stop.Token.ThrowIfCancellationRequested();
            return 0;
        }, stop.Token);
        await started.Task;

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => LowPriorityThread.RunAsync<int>("test-fail", () => throw new InvalidOperationException("no"), CancellationToken.None));
        Assert.Equal("no", failure.Message);
    }

    /// <summary>The 19th field of /proc/self/task/&lt;tid&gt;/stat, after the command name in parentheses.</summary>
    private static int Nice(int tid)
    {
        var stat = File.ReadAllText($"/proc/self/task/{tid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields from the state on: state is field 3, nice field 19.
        return int.Parse(fields[19 - 3], CultureInfo.InvariantCulture);
    }
}
