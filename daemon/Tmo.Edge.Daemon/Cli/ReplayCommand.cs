using System.CommandLine;
using System.Globalization;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Replay;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>`tmo-edge replay`: publishes M4A1 dialogues to a daemon and prints each response as it comes back.</summary>
internal static class ReplayCommand
{
    public static Command Create(TimeProvider time)
    {
        var data = CommonOptions.Data();
        var broker = new Option<string>("--broker") { Description = "Broker HOST:PORT.", DefaultValueFactory = _ => "127.0.0.1:1883" };
        var deviceId = new Option<string>("--device-id") { Description = "The daemon's device id (topics tmo/{id}/...).", DefaultValueFactory = _ => "edge-1" };
        var dialogues = new Option<int>("--dialogues") { Description = "Dialogues to play (0: all of them).", DefaultValueFactory = _ => 0 };
        var concurrency = new Option<int>("--concurrency") { Description = "Dialogues in flight at once.", DefaultValueFactory = _ => 4 };
        var loop = new Option<bool>("--loop") { Description = "Start over when the dataset is done, until stopped (Ctrl+C)." };
        var pace = new Option<double>("--max-turns-per-second")
        {
            Description = "The most prompts a second over all dialogues, so a demo stays readable when turns take no time (0: no limit).",
            DefaultValueFactory = _ => 0,
            Validators =
            {
                result =>
                {
                    if (result.GetValueOrDefault<double>() is < 0 or double.NaN or double.PositiveInfinity)
                    {
                        result.AddError("--max-turns-per-second must be 0 (no limit) or a positive number.");
                    }
                },
            },
        };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for each response.", DefaultValueFactory = _ => 120 };
        var username = new Option<string>("--username")
        {
            Description = "The device account to log in as (Tmo:Mqtt:Username; see `tmo-edge mqtt-user`).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("Tmo__Mqtt__Username") ?? "replay",
        };
        var passwordFile = new Option<string?>("--password-file")
        {
            Description = "File holding the account's password (Tmo:Mqtt:PasswordFile).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("Tmo__Mqtt__PasswordFile"),
        };
        var speed = new Option<double>("--speed") { Description = "Only labels the run; the daemon's Tmo:Replay:SpeedFactor sets the pace.", DefaultValueFactory = _ => 1, Hidden = true };

        var command = new Command("replay", "Publish M4A1 dialogues (prompts and generated camera frames) and print the responses.")
        {
            data, broker, deviceId, username, passwordFile, dialogues, concurrency, loop, pace, timeout, speed,
        };
        command.SetAction((parse, cancellationToken) => CliErrors.GuardAsync(parse, async (stdout, stderr) =>
        {
            var dataset = await DatasetSource.LoadAsync(parse.GetValue(data), syntheticFallback: false, stderr, cancellationToken);
            var (host, port) = ParseBroker(parse.GetValue(broker)!);
            var options = new MqttOptions { Host = host, Port = port, Username = parse.GetValue(username), PasswordFile = parse.GetValue(passwordFile) };
            var topics = new TopicLayout($"tmo/{parse.GetValue(deviceId)}");
            await using var publisher = new ReplayPublisher(options, topics, new TurnPacer(parse.GetValue(pace), time), time);
            await publisher.ConnectAsync(cancellationToken);

            var count = parse.GetValue(dialogues) is > 0 and var n ? Math.Min(n, dataset.Episodes.Count) : dataset.Episodes.Count;
            var summary = new ReplaySummary();
            // A replay run names its own dialogues: the daemon keeps every dialogue in its journal and ignores a prompt it
            // already answered (a redelivery), so a second `make run` on the same data replaying "m4a1-7-r0" again got
            // no answers and waited out every response timeout.
            var run = Base36(time.GetUtcNow().ToUnixTimeSeconds());
            var round = 0;
            do
            {
                var episodes = dataset.Episodes.Take(count).Select((episode, i) => (episode, id: $"m4a1-{episode.Id}-r{round}-{run}"));
                await Parallel.ForEachAsync(
                    episodes,
                    new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parse.GetValue(concurrency)), CancellationToken = cancellationToken },
                    async (item, ct) =>
                    {
                        var responses = await publisher.PlayAsync(item.episode, item.id, TimeSpan.FromSeconds(parse.GetValue(timeout)), r => Print(stdout, r), ct);
                        summary.Add(responses);
                    });
                round++;
            }
            while (parse.GetValue(loop) && !cancellationToken.IsCancellationRequested);

            await stdout.WriteLineAsync(summary.ToString());
        }));
        return command;
    }

    private static string Base36(long value)
    {
        const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var text = string.Empty;
        do
        {
            text = Digits[(int)(value % 36)] + text;
            value /= 36;
        }
        while (value > 0);

        return text;
    }

    private static (string Host, int Port) ParseBroker(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0 && int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? (text[..colon], port)
            : throw new FormatException($"--broker '{text}' is not HOST:PORT.");
    }

    private static Task Print(TextWriter output, ResponseMessage r)
    {
        var decision = r.Decision;
        var where = RunnerLocations.OfAction(decision.Action) switch
        {
            null => "refused",
            RunnerLocation.Local => "local",
            _ => $"cloud views [{string.Join(",", decision.Views)}]",
        };
        var masked = decision.Masked.Count == 0 ? string.Empty : $" | masked {string.Join("; ", decision.Masked.Select(m => $"{m.Action}: {m.Reason}"))}";
        var text = r.Error ?? (r.Text.Length > 70 ? r.Text[..70].ReplaceLineEndings(" ") + "..." : r.Text.ReplaceLineEndings(" "));
        lock (output)
        {
            output.WriteLine(
                $"[{r.DialogueId} #{r.Turn}] {r.Task,-16} -> {where,-18} {r.LatencyMs / 1000,6:F2} s {r.UsageUsd,8:F5} USD " +
                $"left {r.Remaining.LatencyS,6:F2} s {r.Remaining.UsageUsd:F4} USD{masked} | {text}");
        }

        return Task.CompletedTask;
    }

    /// <summary>Totals across the run, including how many dialogues went over a budget (the shield should make it 0).</summary>
    private sealed class ReplaySummary
    {
        private readonly Lock _lock = new();
        private int _dialogues;
        private int _turns;
        private int _refused;
        private int _overBudget;

        public void Add(IReadOnlyList<ResponseMessage> responses)
        {
            lock (_lock)
            {
                _dialogues++;
                _turns += responses.Count;
                _refused += responses.Count(r => r.Decision.Action < 0);
                _overBudget += responses.Any(r => r.Remaining.LatencyS < 0 || r.Remaining.UsageUsd < 0) ? 1 : 0;
            }
        }

        public override string ToString() =>
            $"Replayed {_dialogues} dialogues, {_turns} turns; {_refused} turns refused for budget; {_overBudget} dialogues over budget.";
    }
}
