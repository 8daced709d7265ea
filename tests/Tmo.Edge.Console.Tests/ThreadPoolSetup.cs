using System.Runtime.CompilerServices;

namespace Tmo.Edge.Console.Tests;

/// <summary>
/// bUnit's waits need a thread-pool thread to run their checks on the renderer's dispatcher; on a 2-core CI machine
/// running several test assemblies at once the pool's minimum (one thread per core) starved them until they timed out
/// unchecked. A few more threads from the start keep the waits honest.
/// </summary>
internal static class ThreadPoolSetup
{
    [ModuleInitializer]
    internal static void RaiseMinimumWorkerThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount * 4), completionPorts);
    }
}
