using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace Tmo.Edge.Daemon.Learning;

/// <summary>
/// Runs CPU-heavy work on a thread of its own at a low scheduling priority, so the decision lanes, the broker and the
/// local LLM keep the cores they need. On Linux the thread's nice value is raised (setpriority on its thread id lowers
/// that thread alone; raising it needs no privilege, and a daemon already run at a higher one keeps it); elsewhere only
/// the managed priority is lowered.
/// </summary>
internal static partial class LowPriorityThread
{
    /// <summary>The nice value the work runs at: below every default (0) thread, above the idle class.</summary>
    public const int Niceness = 10;

    private const int PrioProcess = 0;

    public static Task<T> RunAsync<T>(string name, Func<T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        // The niced thread must not wake the thread pool itself: a worker it started to run a continuation would inherit
        // its nice value for good, and decisions would run on it. A thread of normal priority waits for it instead and
        // completes the task.
        return Task.Factory.StartNew(() => RunNiced(name, work, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The kernel's id of the calling thread (Linux), as /proc/self/task/&lt;tid&gt; names it.</summary>
    public static int CurrentThreadId() => OperatingSystem.IsLinux() ? GetTid() : throw new PlatformNotSupportedException("Thread ids are read on Linux only.");

    private static T RunNiced<T>(string name, Func<T> work, CancellationToken cancellationToken)
    {
        var result = default(T)!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                Lower();
                result = work();
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        })
        {
            Name = name,
            IsBackground = true,
            Priority = ThreadPriority.Lowest,
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    private static void Lower()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // A thread starts at its creator's nice value; lowering it again would need CAP_SYS_NICE.
        var tid = GetTid();
        if (GetPriority(PrioProcess, tid) < Niceness && SetPriority(PrioProcess, tid, Niceness) != 0)
        {
            throw new InvalidOperationException($"setpriority({Niceness}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    // The nice value (-20 to 19): glibc's getpriority returns it as such. A thread's own id cannot fail the call.
    [LibraryImport("libc", EntryPoint = "getpriority")]
    private static partial int GetPriority(int which, int who);

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
