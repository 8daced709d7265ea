namespace Tmo.Edge.Policy.Dataset;

/// <summary>A multi-turn dialogue with its per-turn, per-modality prompt/image association scores.</summary>
public sealed record DialogueEpisode(
    int Id,
    IReadOnlyList<string> ImagePaths,
    IReadOnlyList<DialogueTurn> Turns,
    IReadOnlyList<double[]> Association);
