using System.Collections.Concurrent;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Policy.Evaluation;

/// <summary>
/// Trains each method per seed and evaluates every method on that seed's test split, in parallel across
/// (seed, method) jobs. Each job owns its seeded sources, so results do not depend on scheduling.
/// </summary>
public static class ComparisonRunner
{
    public static async Task<ComparisonReport> RunAsync(
        DialogueDataset dataset,
        OffloadingScenario scenario,
        ComparisonOptions options,
        IProgress<ComparisonProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Seeds.Count == 0 || options.Methods.Count == 0)
        {
            throw new ArgumentException("A comparison needs at least one seed and one method.", nameof(options));
        }

        var workspaces = options.Seeds.ToDictionary(seed => seed, seed => new SplitWorkspace(
            scenario,
            options.TestIds is { } ids ? DatasetSplit.ByTestIds(dataset, ids) : DatasetSplit.BySeed(dataset, seed),
            seed));
        var jobs = options.Seeds.SelectMany(seed => options.Methods.Select(method => (Seed: seed, Method: method))).ToArray();
        var results = new ConcurrentDictionary<(int Seed, string Name), MethodMetrics>();
        var done = 0;

        await Parallel.ForEachAsync(
            jobs,
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = System.Environment.ProcessorCount },
            async (job, ct) =>
            {
                var workspace = workspaces[job.Seed];
                if (job.Method.UsesHindsight)
                {
                    var oracle = new OracleEvaluator(scenario, workspace.FitEstimator(), options.Budgets);
                    results[(job.Seed, job.Method.Name)] = oracle.Evaluate(workspace.Test, ct);
                }
                else
                {
                    await EvaluatePolicyAsync(job.Method, workspace, options, results, ct);
                }

                progress?.Report(new ComparisonProgress(Interlocked.Increment(ref done), jobs.Length, job.Method.Name, job.Seed));
            });

        var names = options.Methods.Select(m => m.Name)
            .Concat(options.Shield && options.LivePath is null ? options.Methods.Where(m => !m.UsesHindsight).Select(m => ShieldedName(m.Name)) : [])
            .ToArray();
        var oracle = options.Methods.FirstOrDefault(m => m.UsesHindsight) is { } spec
            ? options.Seeds.Select(seed => results[(seed, spec.Name)]).ToArray()
            : null;
        var summaries = names
            .Select(name => new MethodSummary(name, options.Seeds.Select(seed => results[(seed, name)]).ToArray(), oracle))
            .ToArray();
        return new ComparisonReport(summaries, options.Budgets, options.Seeds) { LivePath = options.LivePath is not null };
    }

    private static async Task EvaluatePolicyAsync(
        MethodSpec method, SplitWorkspace workspace, ComparisonOptions options,
        ConcurrentDictionary<(int Seed, string Name), MethodMetrics> results, CancellationToken cancellationToken)
    {
        var scenario = workspace.Scenario;
        var trained = MethodTrainer.Train(method, workspace, options.Training, cancellationToken: cancellationToken);
        if (options.LivePath is { } live)
        {
            results[(workspace.Seed, method.Name)] = await live(trained, workspace, cancellationToken) with { Selected = trained.Selected };
            return;
        }

        var evaluator = new PolicyEvaluator(scenario, workspace.FitEstimator(), options.Budgets);
        results[(workspace.Seed, method.Name)] = evaluator.Evaluate(trained.Policy, trained.ResourceConstrained, workspace.Test) with { Selected = trained.Selected };
        if (options.Shield)
        {
            var shielded = new PolicyEvaluator(scenario, workspace.FitEstimator(), options.Budgets) { Shield = workspace.ShieldPlan(options.MaxDialogueTurns) };
            results[(workspace.Seed, ShieldedName(method.Name))] = shielded.Evaluate(trained.Policy, trained.ResourceConstrained, workspace.Test) with { Selected = trained.Selected };
        }
    }

    public static string ShieldedName(string method) => method + "+Shield";
}

/// <summary>A (seed, method) job finished.</summary>
public readonly record struct ComparisonProgress(int Done, int Total, string Method, int Seed);
