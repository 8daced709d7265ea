namespace Tmo.Edge.Policy.Dataset;

/// <summary>A loaded dialogue set: episodes, modality count X, task vocabulary and a content hash for checkpoints.</summary>
public sealed class DialogueDataset
{
    public DialogueDataset(IReadOnlyList<DialogueEpisode> episodes, int modalityCount, string contentSha256, string source)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        if (episodes.Count == 0)
        {
            throw new ArgumentException("A dataset needs at least one episode.", nameof(episodes));
        }

        Episodes = episodes;
        ModalityCount = modalityCount;
        ContentSha256 = contentSha256;
        Source = source;
        Tasks = TaskVocabulary.FromEpisodes(episodes);
    }

    public IReadOnlyList<DialogueEpisode> Episodes { get; }

    public int ModalityCount { get; }

    public TaskVocabulary Tasks { get; }

    /// <summary>SHA-256 of the file (or of the generator's parameters for synthetic sets).</summary>
    public string ContentSha256 { get; }

    public string Source { get; }

    public int TurnCount => Episodes.Sum(e => e.Turns.Count);

    public int MaxTurns => Episodes.Max(e => e.Turns.Count);
}
