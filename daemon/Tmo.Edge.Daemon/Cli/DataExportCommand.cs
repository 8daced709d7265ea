using System.CommandLine;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Connecting;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Migrating;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Policy.Actions;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>
/// `tmo-edge data export`: the device's rated dialogues and shadow answers from the daemon's journal as an M4A1 file, which
/// `policy train --data` takes beside M4A1 (docs/policy.md, "Learning on the device"). The journal is read beside a
/// running daemon (WAL), never migrated or written.
/// </summary>
internal static class DataExportCommand
{
    public static Command Create(TimeProvider time)
    {
        var journal = new Option<string>("--journal")
        {
            Description = $"The daemon's database file ({SqliteDatabase.FileName} in Tmo:Storage:DataDirectory), or that directory.",
            Required = true,
        };
        var output = new Option<string>("--out") { Description = "M4A1 JSON file to write.", Required = true };
        var views = new Option<int>("--views")
        {
            Description = "Camera views (X) of the device's policy: the width of the association rows (M4A1's is 3).",
            DefaultValueFactory = _ => 3,
        };
        var export = new Command(
            "export", "Write the journal's rated dialogues and shadow answers in the M4A1 format (unrated turns before a rated one as history).")
        {
            journal, output, views,
        };
        export.SetAction((parse, cancellationToken) => CliErrors.GuardAsync(parse, async (stdout, _) =>
        {
            var modalityCount = parse.GetValue(views);
            if (modalityCount is <= 0 or > ActionSpace.MaxModalities)
            {
                throw new ArgumentException($"--views must be between 1 and {ActionSpace.MaxModalities}, got {modalityCount}.");
            }

            var (dialogues, shadows) = await ReadRatedAsync(parse.GetValue(journal)!, time, cancellationToken);
            var episodes = JournalDataset.Episodes(dialogues, shadows, modalityCount);
            var path = parse.GetValue(output)!;
            await File.WriteAllBytesAsync(path, M4A1Writer.Serialize(episodes), cancellationToken);

            var rated = episodes.Sum(e => e.Turns.Count(t => t.Scored));
            var history = episodes.Sum(e => e.Turns.Count(t => !t.Scored));
            await stdout.WriteLineAsync(episodes.Count == 0
                ? $"The journal holds no rated turns yet: wrote an empty set to {Path.GetFullPath(path)}."
                : $"Exported {episodes.Count} dialogues ({dialogues.Count} played, {shadows.Count} shadow answers; {rated} rated turns, {history} unrated history turns, X = {modalityCount}) to {Path.GetFullPath(path)}");
        }));
        return new Command("data", "The device's own data.") { export };
    }

    private static async Task<(IReadOnlyList<DialogueRecord> Dialogues, IReadOnlyList<ShadowedTurn> Shadows)> ReadRatedAsync(string journal, TimeProvider time, CancellationToken cancellationToken)
    {
        var path = Directory.Exists(journal) ? SqliteDatabase.PathIn(journal) : Path.GetFullPath(journal);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No journal at {path}: give the daemon's {SqliteDatabase.FileName} (in Tmo:Storage:DataDirectory).", path);
        }

        var options = new DbContextOptionsBuilder<TmoEdgeDbContext>();
        options.UseExistingTmoEdgeSqlite(path);
        var contexts = new PooledDbContextFactory<TmoEdgeDbContext>(options.Options);
        try
        {
            await new SchemaCheck(contexts).EnsureKnownSchemaAsync(cancellationToken);
            await using var turns = new TurnJournal(contexts, time);
            return (await turns.RatedDialoguesAsync(cancellationToken), await new ShadowAnswerStore(contexts).ShadowedTurnsAsync(cancellationToken));
        }
        catch (Exception error) when (error is SqliteException or InvalidOperationException)
        {
            // Not a database, or one of another schema: the --journal argument names the wrong file.
            throw new ArgumentException($"Cannot read the journal {path}: {error.Message}", error);
        }
    }
}
