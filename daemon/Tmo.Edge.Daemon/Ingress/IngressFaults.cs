using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace Tmo.Edge.Daemon.Ingress;

/// <summary>
/// Which failures while taking in a message leave it unacknowledged, for the broker to deliver again, and which are
/// answered on `error` and acknowledged (docs/ingestion-limits.md: ingestion never stalls).
/// </summary>
/// <remarks>
/// Left unacknowledged: faults of the store or of the process, not of the message. The disk is full, the file is
/// locked by another process or unreadable (<see cref="DbException"/> such as SqliteException, EF's
/// <see cref="DbUpdateException"/> around one, <see cref="IOException"/>, <see cref="UnauthorizedAccessException"/>),
/// or the daemon is stopping (a cancelled wait, the journal disposed, the decision loop's lanes closed). Nothing was
/// recorded, the same message may well succeed once the store is back, and acknowledging it would lose it. Wrapped
/// exceptions are judged by what they wrap. Everything else (an argument the journal refuses, a failed transcription,
/// a bug that throws on one input) comes from the message itself: it would fail the same way on every redelivery
/// and hold back every message behind it, so it is answered and acknowledged. A storage fault that a message keeps
/// causing is bounded separately, by dead-lettering (<see cref="GuardedIngress"/>).
/// </remarks>
public static class IngressFaults
{
    public static bool IsStorageOrShutdown(Exception exception) => exception switch
    {
        DbException or DbUpdateException or IOException or UnauthorizedAccessException => true,
        OperationCanceledException or ObjectDisposedException or ChannelClosedException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsStorageOrShutdown),
        { InnerException: { } inner } => IsStorageOrShutdown(inner),
        _ => false,
    };

    /// <summary>
    /// What a device is told: the kind of failure only. Exception messages can name files and internals, and may
    /// quote the message; the daemon's log has them.
    /// </summary>
    public static string Describe(Exception exception) =>
        $"the daemon could not process this message ({exception.GetType().Name}); its log has the details";
}
