using System.Diagnostics;
using Spectre.Console;
using Tmo.Edge.Policy.Learning;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>
/// Runs CPU-bound work with a Spectre.Console progress bar when stdout is a terminal, and silently otherwise
/// (pipes, CI logs and tests get only the results).
/// </summary>
internal static class TerminalProgress
{
    public static bool Interactive(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static async Task<T> TrainAsync<T>(TextWriter output, string label, Func<IProgress<TrainingProgress>?, T> work)
    {
        if (!Interactive(output))
        {
            return await Task.Run(() => work(null));
        }

        return await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(label);
                var clock = Stopwatch.StartNew();
                var progress = new Progress<TrainingProgress>(p =>
                {
                    task.MaxValue = p.TotalSteps;
                    task.Value = p.Step;
                    var rate = p.Step / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                    task.Description = $"{label} {rate:N0} steps/s, mean reward {p.MeanEpisodeReward:F3}";
                });
                var result = await Task.Run(() => work(progress));
                task.Value = task.MaxValue;
                return result;
            });
    }

    public static async Task<T> CountAsync<T>(TextWriter output, string label, Func<IProgress<(int Done, int Total)>?, Task<T>> work)
    {
        if (!Interactive(output))
        {
            return await work(null);
        }

        return await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(label);
                var progress = new Progress<(int Done, int Total)>(p =>
                {
                    task.MaxValue = p.Total;
                    task.Value = p.Done;
                });
                return await work(progress);
            });
    }
}
