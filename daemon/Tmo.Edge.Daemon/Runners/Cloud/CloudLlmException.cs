namespace Tmo.Edge.Daemon.Runners.Cloud;

/// <summary>A cloud call failed and there was no local fallback; the message says both why.</summary>
public sealed class CloudLlmException : Exception
{
    public CloudLlmException()
    {
    }

    public CloudLlmException(string message)
        : base(message)
    {
    }

    public CloudLlmException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
