using System.Security.Cryptography;
using System.Text;
using MQTTnet;

namespace Tmo.Edge.Daemon.Mqtt.Access;

/// <summary>
/// The daemon's own login on its embedded broker: a secret drawn at each start and held in memory only, so no file
/// can leak it and no other process can log in as the daemon. The account name is reserved (`mqtt-user add` refuses it).
/// </summary>
public sealed class EmbeddedBrokerLogin
{
    public const string UserName = "tmo-edge-daemon";

    private readonly byte[] _password = Encoding.UTF8.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    public IMqttClientCredentialsProvider Credentials => new MqttClientCredentials(UserName, _password);

    /// <summary>For tests that run the broker apart from the daemon's host and log a transport in as the daemon.</summary>
    internal string Password => Encoding.UTF8.GetString(_password);

    public bool Matches(string? userName, ReadOnlySpan<byte> password) =>
        string.Equals(userName, UserName, StringComparison.Ordinal) && CryptographicOperations.FixedTimeEquals(password, _password);
}
