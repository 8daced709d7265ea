using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace Tmo.Edge.Bench.Soak;

/// <summary>
/// A full blocking GC in another .NET process, induced as dotnet-gcdump does it: an EventPipe session that enables the
/// runtime provider's GCHeapCollect keyword makes the runtime collect (no heap walk is asked for, so nothing else
/// happens). What the heap holds right after it is what is reachable, which is what a leak makes grow.
/// </summary>
/// <remarks>Microsoft.Diagnostics.NETCore.Client comes with BenchmarkDotNet.</remarks>
internal static class InducedGc
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private const long GcHeapCollectKeyword = 0x800000;

    public static async Task CollectAsync(int processId, CancellationToken cancellationToken)
    {
        var client = new DiagnosticsClient(processId);
        using var session = await client.StartEventPipeSessionAsync(
            new EventPipeProvider(RuntimeProvider, EventLevel.Informational, GcHeapCollectKeyword),
            requestRundown: false,
            circularBufferMB: 1,
            cancellationToken);
        var drain = session.EventStream.CopyToAsync(Stream.Null, cancellationToken);
        await session.StopAsync(cancellationToken);
        await drain;
    }
}
