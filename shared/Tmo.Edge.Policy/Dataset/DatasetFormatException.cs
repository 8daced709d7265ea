namespace Tmo.Edge.Policy.Dataset;

/// <summary>A dataset file that is not valid M4A1 JSON; the message names the episode and turn at fault.</summary>
public sealed class DatasetFormatException : Exception
{
    public DatasetFormatException(string message)
        : base(message)
    {
    }

    public DatasetFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DatasetFormatException()
    {
    }
}
