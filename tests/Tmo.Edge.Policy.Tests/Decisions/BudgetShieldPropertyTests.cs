using FsCheck;
using FsCheck.Fluent;
using Tmo.Edge.Policy.Decisions;

namespace Tmo.Edge.Policy.Tests.Decisions;

/// <summary>The shield's two promises over random costs, budgets, feasibility, reserves and choices.</summary>
public sealed class BudgetShieldPropertyTests
{
    [Fuzz]
    public Property Following_the_shield_never_overspends_and_never_refuses_while_a_feasible_action_fits() =>
        Prop.ForAll(Dialogues().ToArbitrary(), dialogue =>
        {
            var actions = dialogue.Latency.Length;
            var allowed = new bool[actions];
            var masked = new MaskedAction[actions];
            var random = new Random(dialogue.ChoiceSeed);
            double spentLatency = 0, spentUsage = 0;
            for (var t = 0; t < dialogue.Turns; t++)
            {
                var remainingLatency = dialogue.LatencyBudget - spentLatency;
                var remainingUsage = dialogue.UsageBudget - spentUsage;
                var reserve = new LaterTurnReserve(dialogue.ReserveTurns, dialogue.TypicalLatency, dialogue.TypicalUsage);
                var outcome = BudgetShield.Apply(dialogue.Latency, dialogue.Usage, dialogue.Feasible, remainingLatency, remainingUsage, reserve, allowed, masked);

                var fitsAlone = Enumerable.Range(0, actions).Any(a =>
                    dialogue.Feasible[a] && dialogue.Latency[a] < remainingLatency - 1e-9 && dialogue.Usage[a] < remainingUsage - 1e-9);
                Assert.False(outcome.Refused && fitsAlone, $"turn {t}: refused although a feasible action fits on its own");
                var choices = Enumerable.Range(0, actions).Where(a => allowed[a]).ToArray();
                Assert.Equal(actions - outcome.MaskedCount, choices.Length);
                Assert.Equal(outcome.Refused, choices.Length == 0);
                if (choices.Length == 0)
                {
                    continue;
                }

                var choice = choices[random.Next(choices.Length)];
                spentLatency += dialogue.Latency[choice];
                spentUsage += dialogue.Usage[choice];
            }

            Assert.True(spentLatency <= dialogue.LatencyBudget, $"{spentLatency} s > {dialogue.LatencyBudget} s");
            Assert.True(spentUsage <= dialogue.UsageBudget, $"{spentUsage} USD > {dialogue.UsageBudget} USD");
        });

    [Fuzz]
    public Property A_dialogue_whose_turns_all_fit_locally_is_never_refused_with_its_true_length_reserved() =>
        Prop.ForAll(Dialogues().ToArbitrary(), dialogue =>
        {
            var actions = dialogue.Latency.Length;
            var feasible = dialogue.Feasible.ToArray();
            feasible[0] = true;

            // Budgets that just cover every turn answered locally; later turns cost what this one does.
            var latencyBudget = (dialogue.Turns * dialogue.Latency[0] * (1 + 1e-9)) + 1e-9;
            var usageBudget = (dialogue.Turns * dialogue.Usage[0] * (1 + 1e-9)) + 1e-9;
            var allowed = new bool[actions];
            var masked = new MaskedAction[actions];
            var random = new Random(dialogue.ChoiceSeed);
            double spentLatency = 0, spentUsage = 0;
            for (var t = 0; t < dialogue.Turns; t++)
            {
                var reserve = new LaterTurnReserve(dialogue.Turns - t - 1, dialogue.Latency, dialogue.Usage);
                var outcome = BudgetShield.Apply(
                    dialogue.Latency, dialogue.Usage, feasible, latencyBudget - spentLatency, usageBudget - spentUsage, reserve, allowed, masked);
                Assert.False(outcome.Refused, $"turn {t} of {dialogue.Turns} refused");

                // Whatever the policy prefers among the allowed actions.
                var choices = Enumerable.Range(0, actions).Where(a => allowed[a]).ToArray();
                var choice = choices[random.Next(choices.Length)];
                spentLatency += dialogue.Latency[choice];
                spentUsage += dialogue.Usage[choice];
            }
        });

    private static Gen<ShieldDialogue> Dialogues() =>
        from actions in Gen.Choose(2, 9)
        from latency in Costs(actions, 10)
        from usage in Costs(actions, 0.02)
        from typicalLatency in Costs(actions, 10)
        from typicalUsage in Costs(actions, 0.02)
        from feasible in Gen.ArrayOf(Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false))), actions)
        from latencyBudget in Gen.Choose(0, 40_000)
        from usageBudget in Gen.Choose(0, 60_000)
        from turns in Gen.Choose(1, 8)
        from reserveTurns in Gen.Choose(0, 8)
        from choiceSeed in Gen.Choose(0, int.MaxValue)
        select new ShieldDialogue(
            latency, usage, typicalLatency, typicalUsage, feasible, latencyBudget / 1000.0, usageBudget / 1e6, turns, reserveTurns, choiceSeed);

    private static Gen<double[]> Costs(int actions, double max) =>
        Gen.ArrayOf(Gen.Choose(0, 10_000).Select(c => c * max / 10_000), actions);

    public sealed record ShieldDialogue(
        double[] Latency, double[] Usage, double[] TypicalLatency, double[] TypicalUsage, bool[] Feasible,
        double LatencyBudget, double UsageBudget, int Turns, int ReserveTurns, int ChoiceSeed);
}
