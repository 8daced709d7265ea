using System.Security.Cryptography;
using System.Text;

namespace Tmo.Edge.Policy.Dataset;

/// <summary>
/// The authors' synthetic template (TMO custom/run_custom.py): local scores ~N(0.7, 0.3), cloud scores
/// ~N(1.0 + 0.1 x views uploaded so far, 0.3), clipped to [0, 2]; association ~U(0.1, 0.5) per view.
/// Used for other modality counts and as the fallback when M4A1 is not available.
/// </summary>
public static class SyntheticDialogues
{
    public static DialogueDataset Generate(int episodes, int turns, int modalities, int tasks, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(turns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(modalities);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tasks);

        var random = new Random(seed);
        var taskNames = Enumerable.Range(0, tasks).Select(i => $"task_{i:00}").ToArray();
        var result = Enumerable.Range(0, episodes)
            .Select(id => Episode(id, random, turns, modalities, taskNames))
            .ToArray();
        var recipe = $"synthetic episodes={episodes} turns={turns} modalities={modalities} tasks={tasks} seed={seed}";
        return new DialogueDataset(result, modalities, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipe))), recipe);
    }

    private static DialogueEpisode Episode(int id, Random random, int turns, int modalities, string[] taskNames)
    {
        const double CloudShare = 0.5;
        const double UploadShare = 0.7;
        var dialogue = new DialogueTurn[turns];
        var association = new double[turns][];
        var uploadedSoFar = 0;
        for (var t = 0; t < turns; t++)
        {
            var task = taskNames[random.Next(taskNames.Length)];
            var cloud = random.NextDouble() < CloudShare;
            int[] views = [];
            if (cloud && random.NextDouble() < UploadShare)
            {
                var count = random.Next(1, modalities + 1);
                views = Enumerable.Range(0, modalities).ToArray();
                random.Shuffle(views);
                views = views[..count];
                Array.Sort(views);
            }

            uploadedSoFar += views.Length;
            var mean = cloud ? 1.0 + (0.1 * uploadedSoFar) : 0.7;
            var score = Math.Clamp(mean + (0.3 * Gaussian.Sample(random)), 0, 2);
            dialogue[t] = new DialogueTurn($"Synthetic question {id}.{t}", task, cloud, views, "Synthetic response.", score, 0, 0);
            association[t] = Enumerable.Range(0, modalities).Select(_ => 0.1 + (0.4 * random.NextDouble())).ToArray();
        }

        return new DialogueEpisode(id, [], dialogue, association);
    }
}
