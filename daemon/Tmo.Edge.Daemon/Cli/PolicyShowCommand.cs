using System.CommandLine;
using Tmo.Edge.Policy.Checkpoints;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>`tmo-edge policy show FILE`: what a checkpoint was trained for, on what, and how.</summary>
internal static class PolicyShowCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Checkpoint written by `policy train`." };
        var command = new Command("show", "Summarise a policy checkpoint.") { file };
        command.SetAction((parse, cancellationToken) => CliErrors.GuardAsync(parse, async (stdout, _) =>
        {
            var c = await CheckpointCodec.LoadAsync(parse.GetValue(file)!, cancellationToken);
            var w = c.RewardWeights;
            await stdout.WriteLineAsync($"""
                Policy       {c.PolicyVersion}
                Created      {c.CreatedAt:u}
                Algorithm    {(c.ResourceConstrained ? "RC-" : string.Empty)}{c.Algorithm} ({c.Network.Kind}, layers {string.Join("-", c.Network.Layers)}, {c.Network.Activation})
                Environment  X = {c.Modalities} views, Z = {c.HistoryWindow} turns, {c.ActionCount} actions, observation {c.ObservationLength}
                Tasks        {string.Join(", ", c.Tasks)}
                Device       {c.Device.Name} ({c.Device.PeakGflops:N0} GFLOPS, {c.Device.MaxPowerW} W; local call {c.Device.LocalTimeS:F4} s)
                Cloud        {c.Cloud.Name} (latency {string.Join(" / ", c.Cloud.TimeS)} s; usage {string.Join(" / ", c.Cloud.UsageUsd)} USD)
                Reward       {w.Response:0.###} x response + {w.Association:0.###} x association - {w.Latency:0.###} x latency - {w.Usage:0.###} x usage
                Budgets      {c.Budgets.LatencyS} s, {c.Budgets.UsageUsd} USD per dialogue; training draws: {c.BudgetDistribution}
                Training     {c.Metrics.Steps:N0} steps, {c.Metrics.Episodes:N0} episodes, {c.History} history, seed {c.Seed}, {c.Metrics.WallTimeS:F2} s; mean episode reward {c.Metrics.MeanEpisodeReward:F3}
                Data         {c.Data.Source} (sha256 {c.Data.Sha256[..12]}...), {c.Data.TrainEpisodes} training episodes, test ids {string.Join(",", c.Data.TestEpisodeIds)}
                """);
            if (c.Selection is { } selection)
            {
                await stdout.WriteLineAsync(SelectionTable.Render(selection));
            }
        }));
        return command;
    }
}
