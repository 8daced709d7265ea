using System.Globalization;
using Microsoft.Extensions.Logging;
using MQTTnet.Diagnostics.Logger;

namespace Tmo.Edge.Daemon.Mqtt;

/// <summary>
/// Forwards the MQTTnet server's own log to an <see cref="ILogger"/>, one level down: for a broker, the library's
/// warnings are routine client events (a client dropped its connection) and its errors concern one client, never
/// the broker as a whole.
/// </summary>
internal sealed partial class MqttNetLogBridge(ILogger logger) : IMqttNetLogger
{
    public bool IsEnabled => logger.IsEnabled(LogLevel.Debug);

    public void Publish(MqttNetLogLevel logLevel, string source, string message, object[] parameters, Exception exception)
    {
        var level = logLevel switch
        {
            MqttNetLogLevel.Error => LogLevel.Warning,
            MqttNetLogLevel.Warning => LogLevel.Information,
            MqttNetLogLevel.Info => LogLevel.Debug,
            _ => LogLevel.Trace,
        };
        if (!logger.IsEnabled(level))
        {
            return;
        }

        var text = parameters is { Length: > 0 } ? string.Format(CultureInfo.InvariantCulture, message, parameters) : message;
        // MQTTnet's lines quote client ids and topics, which clients choose.
        var excerpt = Ingress.UntrustedText.Excerpt(text, 512);
        Forward(logger, level, exception, source, excerpt);
    }

    [LoggerMessage(Message = "{Source}: {Text}")]
    private static partial void Forward(ILogger logger, LogLevel level, Exception? exception, string source, string text);
}
