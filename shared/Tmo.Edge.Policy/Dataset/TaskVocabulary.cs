namespace Tmo.Edge.Policy.Dataset;

/// <summary>Task categories in ordinal order; a task's id is its index (the reference sorts the names too).</summary>
public sealed class TaskVocabulary
{
    private readonly Dictionary<string, int> _ids;

    public TaskVocabulary(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        Names = names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (Names.Count == 0)
        {
            throw new ArgumentException("A task vocabulary needs at least one task.", nameof(names));
        }

        _ids = Names.Select((name, id) => (name, id)).ToDictionary(p => p.name, p => p.id, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Names { get; }

    public int Count => Names.Count;

    public static TaskVocabulary FromEpisodes(IEnumerable<DialogueEpisode> episodes) =>
        new(episodes.SelectMany(e => e.Turns).Select(t => t.Task));

    public int IdOf(string task) =>
        TryGetId(task, out var id)
            ? id
            : throw new KeyNotFoundException($"Unknown task '{task}'. Known tasks: {string.Join(", ", Names)}.");

    public bool TryGetId(string task, out int id) => _ids.TryGetValue(task, out id);

    public bool SameAs(IReadOnlyList<string> other) => Names.SequenceEqual(other, StringComparer.Ordinal);
}
