namespace Tmo.Edge.Daemon.Runners.Local;

/// <summary>The model host could not load the model, failed a request, or died; the message says which and why.</summary>
public sealed class LlmHostException : Exception
{
    public LlmHostException()
    {
    }

    public LlmHostException(string message)
        : base(message)
    {
    }

    public LlmHostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
