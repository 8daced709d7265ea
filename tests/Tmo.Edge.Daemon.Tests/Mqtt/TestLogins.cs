using Tmo.Edge.Daemon.Mqtt.Access;

namespace Tmo.Edge.Daemon.Tests.Mqtt;

/// <summary>
/// The broker accounts tests log in with: two devices and the console, written as an accounts file (Mosquitto's
/// password_file format) that an embedded broker under test reads, with each password in a file of its own.
/// </summary>
internal static class TestLogins
{
    public const string Device = "device-a";
    public const string OtherDevice = "device-b";
    public const string Console = Brokers.ConsoleUser;

    private static readonly Lazy<string> Directory = new(() =>
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("tmo-logins-").FullName;
        var accounts = MqttPasswordFile.Empty;
        foreach (var name in new[] { Device, OtherDevice, Console })
        {
            accounts = accounts.With(name, PasswordOf(name));
            File.WriteAllText(Path.Join(directory, name), PasswordOf(name));
        }

        accounts.SaveAsync(Path.Join(directory, "mqtt-accounts"), CancellationToken.None).GetAwaiter().GetResult();
        return directory;
    });

    /// <summary>An accounts file holding every test login; copy it to make one a test may change.</summary>
    public static string AccountsFile => Path.Join(Directory.Value, "mqtt-accounts");

    public static string PasswordOf(string name) => $"{name}-password";

    /// <summary>A file holding <paramref name="name"/>'s password, as MqttOptions.PasswordFile takes it.</summary>
    public static string PasswordFile(string name) => Path.Join(Directory.Value, name);

    /// <summary>Copies the test accounts to where a daemon with data directory <paramref name="dataDirectory"/> reads them.</summary>
    public static void InstallIn(string dataDirectory)
    {
        System.IO.Directory.CreateDirectory(dataDirectory);
        File.Copy(AccountsFile, Path.Join(dataDirectory, "mqtt-accounts"), overwrite: true);
    }
}
