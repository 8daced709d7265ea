using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Hosting;
using Tmo.Edge.Daemon.Policies;
using Tmo.Edge.Data.Policies;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Policy.Adaptation;
using Tmo.Edge.Policy.Checkpoints;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Learning;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Daemon.Learning;

/// <summary>
/// One round of learning on the device. The champion is the policy in force; a <see cref="ContinualLearner"/> on the
/// split it was trained on takes the device's rated dialogues (each on its side of the held-out split) and trains the
/// challenger on a low-priority thread of its own (seeded by the round's number: the same journal trains the same
/// challenger). A challenger the <see cref="PromotionRule"/> accepts is saved under <see cref="RetrainedCheckpoints"/>
/// and put in force by <see cref="PolicyActivation"/> (so `cmd/policy` activate rolls it back); one it refuses is not
/// saved. Every round is recorded with both policies' scores and the verdict's reason, a promotion audited.
/// </summary>
public sealed partial class ChampionChallengerRound(
    DaemonRuntime runtime,
    PolicyInForce policyInForce,
    RetrainedCheckpoints retrained,
    PolicyActivation activation,
    PolicyRoundStore rounds,
    IOptions<BudgetOptions> budgets,
    TimeProvider time,
    ILogger<ChampionChallengerRound> logger)
{
    public async Task<PolicyRoundRecord> RunAsync(DeviceDialogues evidence, LearningOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(options);
        var champion = policyInForce.Current;
        var number = ((await rounds.LatestAsync(cancellationToken))?.Round ?? 0) + 1;
        var seed = unchecked(options.Seed + (number * 7919));
        var learning = options.ForLearner(champion.Checkpoint.Budgets, budgets.Value.MaxDialogueTurns);
        LogRoundStarted(logger, number, champion.Version, evidence.RatedTurns, evidence.HeldOutDialogues);

        var clock = Stopwatch.StartNew();
        var round = await LowPriorityThread.RunAsync($"tmo-learning-{number}", () => Train(champion, evidence, learning, seed, cancellationToken), cancellationToken);
        var challenger = ChallengerCheckpoint.From(champion.Checkpoint, round, time.GetUtcNow(), seed, clock.Elapsed.TotalSeconds);
        var verdict = round.Verdict;
        var record = new PolicyRoundRecord
        {
            Round = number,
            ChampionVersion = champion.Version,
            ChallengerVersion = challenger.PolicyVersion,
            ChallengerMethod = round.Method,
            ChampionDeviceReward = verdict.Champion.DeviceReward,
            ChallengerDeviceReward = verdict.Challenger.DeviceReward,
            ChampionDatasetReward = verdict.Champion.DatasetReward,
            ChallengerDatasetReward = verdict.Challenger.DatasetReward,
            ChallengerViolations = verdict.Challenger.Violations,
            Promoted = verdict.Promote,
            Reason = Truncate(verdict.Reason),
            RatedTurns = evidence.RatedTurns,
            HeldOutDialogues = evidence.HeldOutDialogues,
        };

        if (verdict.Promote)
        {
            var path = retrained.PathFor(challenger.PolicyVersion);
            await CheckpointCodec.SaveAsync(challenger, path, cancellationToken);
            await activation.ActivateAsync(path, comparison: null, string.Create(CultureInfo.InvariantCulture, $"promoted by learning round {number}: {verdict.Reason}"), cancellationToken);
            LogPromoted(logger, number, challenger.PolicyVersion, champion.Version, verdict.Reason);
        }
        else
        {
            LogHeld(logger, number, challenger.PolicyVersion, champion.Version, verdict.Reason);
        }

        await rounds.RecordAsync(record, cancellationToken);
        return record;
    }

    private ChallengerRound Train(PolicyRuntime champion, DeviceDialogues evidence, ContinualLearningOptions learning, int seed, CancellationToken cancellationToken)
    {
        var checkpoint = champion.Checkpoint;
        var dataset = runtime.Dataset;
        // The split the champion was trained on when the checkpoint names it for this dataset; else the seed's.
        var split = string.Equals(checkpoint.Data.Sha256, dataset.ContentSha256, StringComparison.Ordinal) && checkpoint.Data.TestEpisodeIds.Count > 0
            ? DatasetSplit.ByTestIds(dataset, checkpoint.Data.TestEpisodeIds.ToArray())
            : DatasetSplit.BySeed(dataset, checkpoint.Seed);
        var workspace = new SplitWorkspace(champion.Scenario, split, checkpoint.Seed);
        var method = MethodSpec.ForAlgorithm(Enum.Parse<Algorithm>(checkpoint.Algorithm), checkpoint.ResourceConstrained);
        var learner = new ContinualLearner(workspace, new TrainedMethod(method, champion.Policy.Clone(), null), learning, seed);
        foreach (var dialogue in evidence.Dialogues)
        {
            learner.Device.Add(dialogue.Episode, dialogue.Shadows, dialogue.HeldOut);
        }

        return learner.RunRound(cancellationToken);
    }

    private static string Truncate(string reason) =>
        reason.Length <= PolicyRoundRecord.ReasonMaxLength ? reason : reason[..PolicyRoundRecord.ReasonMaxLength];

    [LoggerMessage(Level = LogLevel.Information, Message = "Learning round {Round}: challenging {Champion} with {RatedTurns} rated turns ({HeldOut} held-out dialogues), at low priority")]
    private static partial void LogRoundStarted(ILogger logger, int round, string champion, int ratedTurns, int heldOut);

    [LoggerMessage(Level = LogLevel.Information, Message = "Learning round {Round}: {Challenger} promoted over {Champion}: {Reason}")]
    private static partial void LogPromoted(ILogger logger, int round, string challenger, string champion, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Learning round {Round}: {Challenger} held back, {Champion} stays in force: {Reason}")]
    private static partial void LogHeld(ILogger logger, int round, string challenger, string champion, string reason);
}
