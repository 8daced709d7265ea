namespace Tmo.Edge.Daemon.Judging;

/// <summary>A dropped sample's reason for the log: one line, and a timeout said as such.</summary>
internal static class FailureText
{
    public static string Of(Exception ex)
    {
        var message = ex is OperationCanceledException ? "timed out" : $"{ex.GetType().Name}: {ex.Message}";
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
