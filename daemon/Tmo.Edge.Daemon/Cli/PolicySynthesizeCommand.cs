using System.CommandLine;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>`tmo-edge policy synthesize`: writes a seeded synthetic dialogue set in the M4A1 format.</summary>
internal static class PolicySynthesizeCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "File to write.", Required = true };
        var episodes = new Option<int>("--episodes") { Description = "Dialogues.", DefaultValueFactory = _ => 100 };
        var turns = new Option<int>("--turns") { Description = "Turns per dialogue.", DefaultValueFactory = _ => 5 };
        var modalities = new Option<int>("--views") { Description = "Camera views (X).", DefaultValueFactory = _ => 3 };
        var tasks = new Option<int>("--tasks") { Description = "Task categories.", DefaultValueFactory = _ => 4 };
        var seed = new Option<int>("--seed") { Description = "Generator seed.", DefaultValueFactory = _ => 2025 };
        var command = new Command("synthesize", "Write a synthetic dialogue set in the M4A1 format (the authors' template).")
        {
            output, episodes, turns, modalities, tasks, seed,
        };
        command.SetAction((parse, cancellationToken) => CliErrors.GuardAsync(parse, async (stdout, _) =>
        {
            var dataset = SyntheticDialogues.Generate(parse.GetValue(episodes), parse.GetValue(turns), parse.GetValue(modalities), parse.GetValue(tasks), parse.GetValue(seed));
            var path = parse.GetValue(output)!;
            await File.WriteAllBytesAsync(path, M4A1Writer.Serialize(dataset), cancellationToken);
            await stdout.WriteLineAsync($"Wrote {dataset.Episodes.Count} synthetic dialogues ({dataset.TurnCount} turns, X = {dataset.ModalityCount}) to {Path.GetFullPath(path)}");
        }));
        return command;
    }
}
