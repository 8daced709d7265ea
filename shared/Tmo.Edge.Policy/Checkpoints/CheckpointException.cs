namespace Tmo.Edge.Policy.Checkpoints;

/// <summary>A checkpoint that cannot be read, or that does not fit the environment it is loaded into.</summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException(string message)
        : base(message)
    {
    }

    public CheckpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CheckpointException()
    {
    }
}
