using Tmo.Edge.Policy.Evaluation;

namespace Tmo.Edge.Policy.Training;

/// <summary>
/// `--algo auto`: holds out part of a workspace's training split, trains every candidate (and restart) on the rest,
/// evaluates each behind the shield on the held-out dialogues at every budget pair, drops any that broke a budget,
/// and keeps the best by mean validation reward (the first listed on a tie). With
/// <see cref="AutoSelectionOptions.RetrainWinner"/> the winner is trained again, with its seed, on the whole
/// training split; otherwise the validated policy itself is returned.
/// </summary>
public static class AutoSelection
{
    public static AutoSelectionResult Select(
        SplitWorkspace workspace,
        TrainingSetup setup,
        AutoSelectionOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(setup);
        options ??= new AutoSelectionOptions();
        options.Validate();

        setup = setup with { Steps = options.Steps ?? setup.Steps };
        var holdout = workspace.HoldOut(options.ValidationShare);
        var runs = options.Candidates
            .SelectMany(method => Enumerable.Range(0, options.Restarts).Select(restart => (Method: method, Seed: RestartSeed(workspace.Seed, restart))))
            .ToArray();
        var trained = new TrainedMethod[runs.Length];
        var rows = new CandidateResult[runs.Length];
        Parallel.For(0, runs.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var (method, seed) = runs[i];
            trained[i] = MethodTrainer.Train(method, holdout.WithSeed(seed), setup, cancellationToken: cancellationToken);
            rows[i] = Validate(trained[i], seed, holdout, options);
        });

        var best = -1;
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i].ViolationShare == 0 && (best < 0 || rows[i].MeanReward > rows[best].MeanReward))
            {
                best = i;
            }
        }

        if (best < 0)
        {
            throw new InvalidOperationException("Every auto-selection candidate exceeded a budget on the validation split.");
        }

        var winner = options.RetrainWinner
            ? MethodTrainer.Train(runs[best].Method, workspace.WithSeed(runs[best].Seed), setup, cancellationToken: cancellationToken)
            : trained[best];
        return new AutoSelectionResult(winner, rows[best], rows);
    }

    /// <summary>Restart 0 trains with the workspace's own seed, so one restart reproduces a plain run on the rest.</summary>
    public static int RestartSeed(int seed, int restart) => unchecked(seed + (restart * 1_000_003));

    private static CandidateResult Validate(TrainedMethod trained, int seed, SplitWorkspace holdout, AutoSelectionOptions options)
    {
        var shield = holdout.ShieldPlan(options.MaxDialogueTurns);
        var metrics = options.Budgets
            .Select(budgets => new PolicyEvaluator(holdout.Scenario, holdout.FitEstimator(), budgets) { Shield = shield }
                .Evaluate(trained.Policy, trained.Method.ResourceConstrained, holdout.Test))
            .ToArray();
        return new CandidateResult(
            trained.Method.Name,
            seed,
            metrics.Select(m => m.Reward).ToArray(),
            metrics.Max(m => Math.Max(m.LatencyViolationShare, m.UsageViolationShare)),
            metrics.Average(m => m.Actions.RefusedShare));
    }
}

/// <summary>The winner's trained method, its validation row and every candidate's row.</summary>
public sealed record AutoSelectionResult(TrainedMethod Winner, CandidateResult WinnerRow, IReadOnlyList<CandidateResult> Candidates);

/// <summary>
/// One candidate run on the validation split, behind the shield: its mean reward per budget pair (in the order of
/// <see cref="AutoSelectionOptions.Budgets"/>), the largest share of dialogues over a budget at any pair, and the
/// share of turns refused (averaged over the pairs).
/// </summary>
public sealed record CandidateResult(string Method, int Seed, IReadOnlyList<double> ValidationRewards, double ViolationShare, double RefusedShare)
{
    public double MeanReward => ValidationRewards.Average();
}
