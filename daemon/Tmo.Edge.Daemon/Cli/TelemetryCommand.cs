using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>
/// `tmo-edge telemetry [--root DIR] [--source NAME] [--trace FILE] --once [--json]`: samples the device the way the
/// daemon does. With --root every path is read below DIR, so it works on a copy of a device's /sys, /proc and
/// /var/lib/nvpmodel. Without --once it prints a sample every --interval seconds until Ctrl+C.
/// </summary>
internal static class TelemetryCommand
{
    public static Command Create(TimeProvider time)
    {
        var root = new Option<string>("--root") { Description = "Read /sys, /proc and /var/lib/nvpmodel below this directory.", DefaultValueFactory = _ => "/" };
        var source = new Option<string>("--source")
        {
            Description = $"Telemetry source: {string.Join(", ", TelemetryOptions.Sources)}.",
            DefaultValueFactory = _ => "auto",
        };
        source.AcceptOnlyFromAmong([.. TelemetryOptions.Sources]);
        var trace = new Option<string?>("--trace") { Description = "Recorded telemetry (JSON lines) for --source trace." };
        var once = new Option<bool>("--once") { Description = "Print one sample and exit." };
        var json = new Option<bool>("--json") { Description = "Print the sample as the JSON published on the `telemetry` topic." };
        var interval = new Option<double>("--interval") { Description = "Seconds between samples without --once.", DefaultValueFactory = _ => 1 };

        var command = new Command("telemetry", "Read the device's power, temperatures, GPU and memory.") { root, source, trace, once, json, interval };
        command.SetAction((parse, cancellationToken) => CliErrors.GuardAsync(parse, async (stdout, stderr) =>
        {
            using var loggers = LoggerFactory.Create(builder => builder.AddProvider(new StderrLoggerProvider(stderr)));
            var options = new TelemetryOptions { Root = parse.GetValue(root)!, Source = parse.GetValue(source)!, TracePath = parse.GetValue(trace) };
            var telemetry = TelemetrySources.Create(options, loggers.CreateLogger("telemetry"), new ProcessCommandRunner(TimeSpan.FromSeconds(5)));
            try
            {
                do
                {
                    var sample = await telemetry.ReadAsync(cancellationToken);
                    await stdout.WriteLineAsync(parse.GetValue(json) ? JsonSerializer.Serialize(sample, TelemetryJsonContext.Default.TelemetrySample) : TelemetryText.Format(sample));
                    if (parse.GetValue(once))
                    {
                        break;
                    }

                    await Task.Delay(TimeSpan.FromSeconds(Math.Max(0.01, parse.GetValue(interval))), time, cancellationToken);
                }
                while (!cancellationToken.IsCancellationRequested);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C ends a continuous run.
            }
            finally
            {
                (telemetry as IDisposable)?.Dispose();
            }
        }));
        return command;
    }
}
