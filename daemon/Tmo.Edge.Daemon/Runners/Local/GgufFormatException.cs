namespace Tmo.Edge.Daemon.Runners.Local;

/// <summary>A model file that is not a loadable GGUF; the message names the file and what is wrong with it.</summary>
public sealed class GgufFormatException : Exception
{
    public GgufFormatException()
    {
    }

    public GgufFormatException(string message)
        : base(message)
    {
    }

    public GgufFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
