namespace Tmo.Edge.Console.Hosting;

/// <summary>
/// Where this device's console settings are (above appsettings.json beside the binary): systemd's
/// $CONFIGURATION_DIRECTORY for the service (its unit says ConfigurationDirectory=tmo-edge-console), and for a command
/// run from a shell, which systemd does not start, the folder the package installs them to.
/// </summary>
public static class ConsoleConfigurationDirectory
{
    public const string Packaged = "/etc/tmo-edge-console";

    /// <summary>Only where systemd says: a console run from a checkout (make run) keeps to its own settings.</summary>
    public static string? ForService() =>
        Environment.GetEnvironmentVariable("CONFIGURATION_DIRECTORY") is { Length: > 0 } directories ? directories.Split(':')[0] : null;

    /// <summary>The service's, so that a command such as set-password writes the database the service reads.</summary>
    public static string ForCommand() => ForService() ?? Packaged;
}
