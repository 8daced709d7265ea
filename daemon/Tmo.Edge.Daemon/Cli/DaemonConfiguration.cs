using Microsoft.Extensions.Configuration;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>
/// The daemon's configuration as `run` reads it, for the commands that look at an installation without starting it:
/// appsettings.json beside the binary, $CONFIGURATION_DIRECTORY/appsettings.json (systemd's ConfigurationDirectory),
/// --config FILE, then environment variables.
/// </summary>
internal static class DaemonConfiguration
{
    public static IConfigurationRoot Build(string? configFile)
    {
        var builder = new ConfigurationBuilder().AddJsonFile(Path.Join(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        if (Environment.GetEnvironmentVariable("CONFIGURATION_DIRECTORY") is { Length: > 0 } systemdConfig)
        {
            builder.AddJsonFile(Path.Join(systemdConfig.Split(':')[0], "appsettings.json"), optional: true);
        }

        if (configFile is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        return builder.AddEnvironmentVariables().Build();
    }
}
