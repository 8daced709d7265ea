using System.Text;
using MQTTnet;

namespace Tmo.Edge.Daemon.Mqtt;

/// <summary>
/// A username and the password read from a file each time a CONNECT is built, so that a rotated credential (e.g. a
/// systemd credential) is picked up at the next reconnection and the password is never held in options or logs.
/// </summary>
internal sealed class PasswordFileCredentials(string username, string? passwordFile) : IMqttClientCredentialsProvider
{
    public string GetUserName(MqttClientOptions clientOptions) => username;

    public byte[]? GetPassword(MqttClientOptions clientOptions)
    {
        if (string.IsNullOrEmpty(passwordFile))
        {
            return null;
        }

        // Editors and `echo` add a trailing newline that is not part of the password.
        return Encoding.UTF8.GetBytes(File.ReadAllText(passwordFile).TrimEnd('\r', '\n'));
    }
}
