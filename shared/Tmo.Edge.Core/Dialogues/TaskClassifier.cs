using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Core.Dialogues;

/// <summary>
/// Infers a prompt's task category when the device does not send one: multinomial naive Bayes over lower-cased
/// word unigrams and bigrams with add-one smoothing, trained on M4A1's questions. Small, fast and explainable,
/// which is what a daemon needs from a fallback classifier.
/// </summary>
public sealed class TaskClassifier
{
    private readonly TaskVocabulary _tasks;
    private readonly Dictionary<string, double>[] _logLikelihood;
    private readonly double[] _unseenLogLikelihood;
    private readonly double[] _logPrior;

    private TaskClassifier(TaskVocabulary tasks, Dictionary<string, double>[] logLikelihood, double[] unseen, double[] logPrior)
    {
        _tasks = tasks;
        _logLikelihood = logLikelihood;
        _unseenLogLikelihood = unseen;
        _logPrior = logPrior;
    }

    public static TaskClassifier Train(IEnumerable<DialogueEpisode> episodes, TaskVocabulary tasks)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        ArgumentNullException.ThrowIfNull(tasks);
        var counts = Enumerable.Range(0, tasks.Count).Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        var documents = new int[tasks.Count];
        var vocabulary = new HashSet<string>(StringComparer.Ordinal);
        foreach (var turn in episodes.SelectMany(e => e.Turns))
        {
            var task = tasks.IdOf(turn.Task);
            documents[task]++;
            foreach (var feature in Features(turn.Question))
            {
                counts[task][feature] = counts[task].GetValueOrDefault(feature) + 1;
                vocabulary.Add(feature);
            }
        }

        var total = documents.Sum();
        var logLikelihood = new Dictionary<string, double>[tasks.Count];
        var unseen = new double[tasks.Count];
        var logPrior = new double[tasks.Count];
        for (var task = 0; task < tasks.Count; task++)
        {
            double denominator = counts[task].Values.Sum() + vocabulary.Count;
            logLikelihood[task] = counts[task].ToDictionary(p => p.Key, p => Math.Log((p.Value + 1) / denominator), StringComparer.Ordinal);
            unseen[task] = Math.Log(1 / denominator);
            logPrior[task] = Math.Log((documents[task] + 1.0) / (total + tasks.Count));
        }

        return new TaskClassifier(tasks, logLikelihood, unseen, logPrior);
    }

    public TaskVocabulary Tasks => _tasks;

    /// <summary>The most likely task id for <paramref name="text"/>.</summary>
    public int Classify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scores = (double[])_logPrior.Clone();
        foreach (var feature in Features(text))
        {
            for (var task = 0; task < scores.Length; task++)
            {
                scores[task] += _logLikelihood[task].TryGetValue(feature, out var value) ? value : _unseenLogLikelihood[task];
            }
        }

        var best = 0;
        for (var task = 1; task < scores.Length; task++)
        {
            if (scores[task] > scores[best])
            {
                best = task;
            }
        }

        return best;
    }

    /// <summary>Share of turns of <paramref name="episodes"/> whose task is classified correctly.</summary>
    public double Accuracy(IEnumerable<DialogueEpisode> episodes)
    {
        var turns = episodes.SelectMany(e => e.Turns).ToArray();
        return turns.Length == 0 ? 0 : turns.Count(t => Classify(t.Question) == _tasks.IdOf(t.Task)) / (double)turns.Length;
    }

    private static IEnumerable<string> Features(string text)
    {
        var words = text.ToLowerInvariant()
            .Split((char[])[' ', '\t', '\n', '\r', ',', '.', '?', '!', ';', ':', '"', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            yield return words[i];
            if (i > 0)
            {
                yield return words[i - 1] + " " + words[i];
            }
        }
    }
}
