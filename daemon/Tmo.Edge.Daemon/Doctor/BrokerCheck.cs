using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Mqtt;

namespace Tmo.Edge.Daemon.Doctor;

/// <summary>
/// Logs in to the configured broker and out again: an external one (Tmo:Mqtt:Host) with Tmo:Mqtt:Username and
/// PasswordFile, the daemon's embedded one with the console's login (ConsoleUsername and the password file the daemon
/// keeps in its data directory). The embedded broker runs inside the daemon, so it answers only while the daemon does.
/// </summary>
public sealed class BrokerCheck(DoctorSettings settings, TimeSpan timeout)
{
    public async Task<DoctorCheck> RunAsync(CancellationToken cancellationToken)
    {
        var configured = settings.Mqtt;
        var options = configured.UsesEmbeddedBroker ? EmbeddedLogin(configured) : configured;
        var where = configured.UsesEmbeddedBroker ? $"embedded broker {configured.EmbeddedAddress}:{configured.EmbeddedPort}" : $"{configured.Host}:{configured.Port}";
        var who = string.IsNullOrEmpty(options.Username) ? "anonymously" : $"as {options.Username}";
        if (!string.IsNullOrEmpty(options.PasswordFile) && !File.Exists(options.PasswordFile))
        {
            return DoctorCheck.Fail("broker", $"{where}: password file {options.PasswordFile} does not exist or is not visible to {Environment.UserName}");
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        using var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            var clientOptions = MqttClientOptionsFactory.Create(options, $"tmo-edge-doctor-{Guid.NewGuid():N}", persistentSession: false);
            var result = await client.ConnectAsync(clientOptions, timer.Token);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                return DoctorCheck.Fail("broker", $"{where} refused the login {who}: {result.ResultCode}");
            }

            await client.DisconnectAsync(cancellationToken: cancellationToken);
            return DoctorCheck.Ok("broker", $"{where} accepted the login {who}");
        }
        catch (MqttConnectingFailedException ex)
        {
            return DoctorCheck.Fail("broker", $"{where} refused the login {who}: {ex.Message} (check Tmo:Mqtt:Username and PasswordFile)");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DoctorCheck.Fail("broker", $"{where} did not answer within {timeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is MqttCommunicationException or IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
        {
            var hint = configured.UsesEmbeddedBroker ? " (the embedded broker runs inside the daemon: is it running?)" : string.Empty;
            return DoctorCheck.Fail("broker", $"{where} cannot be reached: {ex.Message}{hint}");
        }
    }

    /// <summary>The console's login on the embedded broker, where the daemon has written its password file.</summary>
    private MqttOptions EmbeddedLogin(MqttOptions configured)
    {
        var passwordFile = MqttOptions.ConsolePasswordFilePath(settings.Storage.DataDirectory);
        var login = File.Exists(passwordFile) && !string.IsNullOrEmpty(configured.ConsoleUsername);
        return new MqttOptions
        {
            EmbeddedAddress = configured.EmbeddedAddress,
            EmbeddedPort = configured.EmbeddedPort,
            KeepAliveSeconds = configured.KeepAliveSeconds,
            MaxPacketBytes = configured.MaxPacketBytes,
            Username = login ? configured.ConsoleUsername : null,
            PasswordFile = login ? passwordFile : null,
        };
    }
}
