using System.Diagnostics;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Policy.Actions;
using Tmo.Edge.Policy.Adaptation;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Learning;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Daemon.LivePath;

/// <summary>
/// `policy adapt`: replays a dataset at infinite speed in a drifted world through the daemon's own decision code
/// (<see cref="ReplayDecisionPath"/>), once with the shipped policy as it is and once with a <see cref="ContinualLearner"/>
/// that rates a share of its turns (the drifted world's score, with the judge's error), shadows some with the other
/// side, retrains and promotes only what is better. Every dialogue is drawn at random from the whole dataset and both
/// policies answer the same one; the Oracle's reward for it is its hindsight optimum in the drifted world.
/// </summary>
public sealed class AdaptationBenchmark(DialogueDataset dataset, SplitWorkspace workspace, TrainedMethod shipped, AdaptationSettings settings)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The tasks the drifts hit, chosen from the shipped policy's own behaviour (offline, behind the shield, on every
    /// dialogue): the task it answers locally most (a worse local model costs it most there) and least (a better local
    /// model is what it misses there).
    /// </summary>
    public (string MostLocal, string LeastLocal) DriftTasks()
    {
        var scenario = workspace.Scenario;
        var episodes = workspace.Train.Concat(workspace.Test).ToArray();
        var evaluator = new PolicyEvaluator(scenario, workspace.FitEstimator(), settings.Learning.Budgets) { Shield = workspace.ShieldPlan(settings.Learning.MaxDialogueTurns) };
        var outcomes = evaluator.EvaluateDialogues(Clone(shipped.Policy), shipped.ResourceConstrained, episodes);
        var localShare = episodes.Zip(outcomes)
            .SelectMany(pair => pair.First.TaskIds.Zip(pair.Second.Actions, (task, action) => (Task: task, Local: action == ActionSpace.LocalAction)))
            .GroupBy(turn => turn.Task)
            .Select(g => (Name: scenario.Tasks.Names[g.Key], Share: g.Average(turn => turn.Local ? 1.0 : 0.0)))
            .OrderBy(task => task.Share).ThenBy(task => task.Name, StringComparer.Ordinal)
            .ToArray();
        return (localShare[^1].Name, localShare[0].Name);
    }

    public async Task<AdaptationResult> RunAsync(WorldDrift drift, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(drift);
        var clock = Stopwatch.StartNew();
        var run = new ScenarioRun(dataset, workspace, shipped, settings, drift);
        for (var i = 0; i < settings.Dialogues; i++)
        {
            await run.PlayNextAsync(i, cancellationToken);
            progress?.Report(i + 1);
        }

        return run.Result(clock.Elapsed.TotalSeconds);
    }

    internal static NeuralPolicy Clone(IActionPolicy policy) =>
        policy as NeuralPolicy is { } network ? network.Clone() : throw new ArgumentException("The shipped policy must be a trained network.", nameof(policy));

    /// <summary>One scenario's replay: the world, both decision paths, the learner and the judge. Single-threaded.</summary>
    private sealed class ScenarioRun
    {
        private readonly AdaptationSettings _settings;
        private readonly WorldDrift _drift;
        private readonly DriftedWorld _world;
        private readonly TurnScorer _scorer;
        private readonly OracleEvaluator _oracle;
        private readonly Dictionary<int, double> _oracleRewards = [];
        private readonly SimulatedClock _clock = new(Start);
        private readonly int[] _trainingLengths;
        private readonly TurnProcessor _static;
        private readonly TurnProcessor _informed;
        private readonly ContinualLearner _learner;
        private readonly JudgeAllowance _judge;
        private readonly Random _stream;
        private readonly Random _judgeError;
        private readonly Random _shadowDraw;
        private readonly List<double> _staticRewards = [];
        private readonly List<double> _adaptiveRewards = [];
        private readonly List<double> _oracleSeries = [];
        private readonly List<double> _informedRewards = [];
        private readonly List<int> _promotedAt = [];
        private readonly List<AdaptationRound> _rounds = [];
        private TurnProcessor _adaptive;
        private int _violations;
        private int _staticViolations;
        private int _shadows;
        private int _nextDeviceId;

        public ScenarioRun(DialogueDataset dataset, SplitWorkspace workspace, TrainedMethod shipped, AdaptationSettings settings, WorldDrift drift)
        {
            _settings = settings;
            _drift = drift;
            _world = new DriftedWorld(dataset, workspace.Scenario, drift);
            _scorer = new TurnScorer(_world.Scenario, _world.FitEstimator());
            _oracle = new OracleEvaluator(_world.Scenario, _world.FitEstimator(), settings.Learning.Budgets);
            _trainingLengths = workspace.Train.Select(e => e.TurnCount).ToArray();
            _static = PathFor(Clone(shipped.Policy), workspace.Scenario, shipped.ResourceConstrained, "static");

            // What adapting can hope for: the shipped recipe trained on the drifted world's own truth (every score and price known).
            var truth = new SplitWorkspace(_world.Scenario, DatasetSplit.BySeed(_world.Dataset, settings.Seed), settings.Seed);
            var informed = MethodTrainer.Train(MethodSpec.Shipped, truth, new TrainingSetup());
            _informed = PathFor(informed.Policy, _world.Scenario, informed.ResourceConstrained, "informed");
            _learner = new ContinualLearner(workspace, shipped with { Policy = Clone(shipped.Policy) }, settings.Learning, settings.Seed);
            _adaptive = PathFor(_learner.Champion.Policy, _learner.ChampionScenario, _learner.Champion.ResourceConstrained, "adaptive-0");
            _judge = new JudgeAllowance(settings.JudgeShare, settings.JudgeDailyCapUsd, unchecked(settings.Seed + 1));
            _stream = new Random(settings.Seed);
            _judgeError = new Random(unchecked(settings.Seed + 2));
            _shadowDraw = new Random(unchecked(settings.Seed + 3));
        }

        public async Task PlayNextAsync(int index, CancellationToken cancellationToken)
        {
            _clock.MoveTo(Start.AddDays(index / _settings.DialoguesPerDay));
            var number = _stream.Next(_world.Episodes.Count);
            var episode = _world.Episodes[number];
            var recorded = _world.Dataset.Episodes[number];

            var fixedRun = await PlayAsync(_static, recorded, episode, cancellationToken);
            var adaptiveRun = await PlayAsync(_adaptive, recorded, episode, cancellationToken);
            _staticRewards.Add(fixedRun.Reward);
            _adaptiveRewards.Add(adaptiveRun.Reward);
            _oracleSeries.Add(OracleReward(episode));
            _informedRewards.Add((await PlayAsync(_informed, recorded, episode, cancellationToken)).Reward);
            _staticViolations += fixedRun.OverBudget ? 1 : 0;
            _violations += adaptiveRun.OverBudget ? 1 : 0;

            Learn(recorded, episode, adaptiveRun);
            if (!_learner.RoundDue)
            {
                return;
            }

            var round = _learner.RunRound(cancellationToken);
            _rounds.Add(new AdaptationRound(index + 1, round.Method, round.Verdict.Promote, round.Verdict.Reason));
            if (round.Verdict.Promote)
            {
                _promotedAt.Add(index + 1);
                _adaptive = PathFor(_learner.Champion.Policy, _learner.ChampionScenario, _learner.Champion.ResourceConstrained, $"adaptive-{_learner.Promotions}");
            }
        }

        public AdaptationResult Result(double wallTimeS)
        {
            var half = _staticRewards.Count / 2;
            var secondGap = _oracleSeries.Skip(half).Sum() - _staticRewards.Skip(half).Sum();
            var secondGain = _adaptiveRewards.Skip(half).Sum() - _staticRewards.Skip(half).Sum();
            return new AdaptationResult(
                _drift.Name,
                _drift.Description,
                _staticRewards.Average(),
                _adaptiveRewards.Average(),
                _oracleSeries.Average(),
                _informedRewards.Average(),
                _judge.SpentUsd,
                _judge.MaxDailySpendUsd,
                _judge.DailyCapUsd,
                RecoveryPoint.FirstHalfGapRecovered(_staticRewards, _adaptiveRewards, _oracleSeries, _settings.RecoveryWindow),
                _violations,
                _staticViolations,
                _learner.Device.RatedTurns,
                _shadows,
                _judge.DroppedForCap,
                _learner.Rounds,
                _promotedAt,
                secondGap > 0 ? secondGain / secondGap : 1,
                wallTimeS)
            {
                StaticRewards = _staticRewards,
                AdaptiveRewards = _adaptiveRewards,
                OracleRewards = _oracleSeries,
                RoundLog = _rounds,
            };
        }

        private TurnProcessor PathFor(IActionPolicy policy, OffloadingScenario scenario, bool resourceConstrained, string version) =>
            ReplayDecisionPath.Create(_world.Dataset, _world.Scenario.Costs, policy, scenario, resourceConstrained, _trainingLengths, version, _clock);

        private double OracleReward(PreparedEpisode episode)
        {
            if (!_oracleRewards.TryGetValue(episode.Id, out var reward))
            {
                _oracleRewards[episode.Id] = reward = _oracle.Solve(episode).Reward;
            }

            return reward;
        }

        private async Task<PlayedDialogue> PlayAsync(TurnProcessor processor, DialogueEpisode recorded, PreparedEpisode episode, CancellationToken cancellationToken)
        {
            var budgets = _settings.Learning.Budgets;
            var dialogue = new DialogueState($"adapt-{episode.Id}", budgets.LatencyS, budgets.UsageUsd);
            var actions = new int[episode.TurnCount];
            var outcomes = new TurnOutcome[episode.TurnCount];
            double reward = 0;
            for (var t = 0; t < episode.TurnCount; t++)
            {
                var outcome = await processor.ProcessAsync(
                    null, dialogue, t + 1, recorded.Turns[t].Question, episode.TaskIds[t], _settings.Learning.MaxDialogueTurns, (_, _) => Task.CompletedTask, cancellationToken);
                actions[t] = outcome.Action;
                outcomes[t] = outcome;
                dialogue.Record(outcome.Action, episode.TaskIds[t], outcome.LatencyS, outcome.UsageUsd);
                if (outcome.Action >= 0)
                {
                    reward += _scorer.Score(episode, actions, t).Reward;
                }
            }

            var over = dialogue.SpentLatencyS > budgets.LatencyS || dialogue.SpentUsageUsd > budgets.UsageUsd;
            return new PlayedDialogue(actions, outcomes, reward / episode.TurnCount, over);
        }

        /// <summary>
        /// What the device learns from a dialogue it answered: every cloud call's price, and the judge's ratings of a share
        /// of its turns (with a shadow answer from the other side for some), within the judge's daily cap. A device
        /// shadows only when idle; at infinite speed it always is between dialogues.
        /// </summary>
        private void Learn(DialogueEpisode recorded, PreparedEpisode episode, PlayedDialogue played)
        {
            var actions = _world.Scenario.Actions;
            var costs = _world.Scenario.Costs;
            // A refused turn has no action M4A1's schema can record: the device's record of the dialogue ends before it.
            var answered = Array.IndexOf(played.Actions, DialogueOutcome.RefusedTurn) is var refused and >= 0 ? refused : played.Actions.Length;
            var ratings = new double?[answered];
            var shadows = new List<DialogueEpisode>();
            for (var t = 0; t < answered; t++)
            {
                var action = played.Actions[t];
                if (ActionSpace.IsCloud(action))
                {
                    _learner.Prices.Observe(actions.ViewCountOf(action), played.Outcomes[t].UsageUsd);
                }

                // The judge is one text-only cloud call at today's price.
                var judgeCall = costs.UsageUsd[ActionSpace.LocalAction + 1];
                if (!_judge.Sample() || !_judge.TryCharge(_clock.Today, judgeCall))
                {
                    continue;
                }

                ratings[t] = Rate(episode, played.Actions, t);
                if (_shadowDraw.NextDouble() >= _settings.ShadowShare)
                {
                    continue;
                }

                var other = OtherSide(action, played.Outcomes[t].Probabilities);
                if (_judge.TryCharge(_clock.Today, judgeCall + (ActionSpace.IsCloud(other) ? costs.UsageUsd[other] : 0)))
                {
                    var shadowActions = played.Actions[..(t + 1)];
                    shadowActions[t] = other;
                    shadows.Add(ShadowDialogue(recorded, played, t, other, Rate(episode, shadowActions, t)));
                    _shadows++;
                }
            }

            if (ratings.Any(r => r.HasValue))
            {
                _learner.Device.Add(DeviceDialogue(recorded, played, ratings), shadows);
            }
        }

        /// <summary>The judge's rating: the drifted world's response score with the judge's error, on the dataset's scale.</summary>
        private double Rate(PreparedEpisode episode, int[] actions, int turn)
        {
            var u1 = 1 - _judgeError.NextDouble();
            var u2 = _judgeError.NextDouble();
            var error = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2) * _settings.JudgeNoise;
            return Math.Clamp(_scorer.Score(episode, actions, turn).Response + error, 0, _world.ScoreCeiling);
        }

        /// <summary>Local if the cloud answered; else the cloud action the policy itself ranked highest.</summary>
        private static int OtherSide(int action, IReadOnlyList<float> probabilities)
        {
            if (ActionSpace.IsCloud(action))
            {
                return ActionSpace.LocalAction;
            }

            var best = 1;
            for (var a = 2; a < probabilities.Count; a++)
            {
                best = probabilities[a] > probabilities[best] ? a : best;
            }

            return best;
        }

        private DialogueEpisode DeviceDialogue(DialogueEpisode recorded, PlayedDialogue played, double?[] ratings) =>
            new(_nextDeviceId++, [], Enumerable.Range(0, ratings.Length).Select(t => Turn(recorded.Turns[t], played.Actions[t], played.Outcomes[t], ratings[t])).ToArray(), recorded.Association.Take(ratings.Length).ToArray());

        private DialogueEpisode ShadowDialogue(DialogueEpisode recorded, PlayedDialogue played, int turn, int action, double rating)
        {
            var costs = _world.Scenario.Costs;
            var history = Enumerable.Range(0, turn).Select(t => Turn(recorded.Turns[t], played.Actions[t], played.Outcomes[t], null));
            var shadow = recorded.Turns[turn] with
            {
                Cloud = ActionSpace.IsCloud(action),
                UploadedViews = _world.Scenario.Actions.ViewsOf(action).ToArray(),
                Answer = "(shadow answer)",
                Score = rating,
                InteractionTimeS = costs.LatencyS[action],
                UsageUsd = costs.UsageUsd[action],
            };
            return new DialogueEpisode(_nextDeviceId++, [], history.Append(shadow).ToArray(), recorded.Association.Take(turn + 1).ToArray());
        }

        private DialogueTurn Turn(DialogueTurn recorded, int action, TurnOutcome outcome, double? rating) => recorded with
        {
            Cloud = ActionSpace.IsCloud(action),
            UploadedViews = _world.Scenario.Actions.ViewsOf(action).ToArray(),
            Answer = outcome.Text,
            Score = rating ?? 0,
            InteractionTimeS = outcome.LatencyS,
            UsageUsd = outcome.UsageUsd,
            Scored = rating.HasValue,
        };
    }

    private sealed record PlayedDialogue(int[] Actions, TurnOutcome[] Outcomes, double Reward, bool OverBudget);
}
