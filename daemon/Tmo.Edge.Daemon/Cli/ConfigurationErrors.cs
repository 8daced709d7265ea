using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>
/// What a bad configuration throws while the host is built and started, put in one line for `run` to print: a value
/// missing or out of range (<see cref="OptionsValidationException"/>), a value of the wrong type (the configuration
/// binder's error, which names the key), a file that is not JSON (the JSON provider's error, which names the file),
/// or several of these at once.
/// Anything else is not a configuration error and is left to crash loudly.
/// </summary>
internal static class ConfigurationErrors
{
    private static readonly string ConfigurationNamespace = typeof(ConfigurationBinder).Namespace!;

    public static string? Describe(Exception exception) =>
        Problems(exception) is { Count: > 0 } problems ? $"invalid configuration: {string.Join("; ", problems)}" : null;

    /// <summary>
    /// Every mistake the exception reports, or none when it is not (only) a configuration error. The host's start-up
    /// validation throws an <see cref="AggregateException"/> when more than one section is wrong.
    /// </summary>
    private static List<string> Problems(Exception exception) => exception switch
    {
        OptionsValidationException invalid => [.. invalid.Failures],
        AggregateException several => several.InnerExceptions.Select(Problems).ToList() is var each && each.TrueForAll(p => p.Count > 0)
            ? [.. each.SelectMany(p => p)]
            : [],
        InvalidOperationException or InvalidDataException or FormatException when ThrownByConfiguration(exception) =>
            [$"{exception.Message}{(exception.InnerException is { } reason ? $" ({reason.Message})" : "")}"],
        _ => [],
    };

    // The binder and the file providers live in Microsoft.Extensions.Configuration(.Json); an InvalidOperationException
    // from anywhere else (a bug) must not pass for a configuration mistake. The file provider rethrows its error through
    // ExceptionDispatchInfo, so the thrower is the first frame below that, not TargetSite.
    private static bool ThrownByConfiguration(Exception exception) =>
        new StackTrace(exception, fNeedFileInfo: false).GetFrames()
            .Select(frame => frame.GetMethod()?.DeclaringType?.Namespace)
            .FirstOrDefault(thrower => thrower != typeof(ExceptionDispatchInfo).Namespace) is { } thrower
        && thrower.StartsWith(ConfigurationNamespace, StringComparison.Ordinal);
}
