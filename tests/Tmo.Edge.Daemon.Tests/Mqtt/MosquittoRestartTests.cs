using Xunit.Abstractions;

namespace Tmo.Edge.Daemon.Tests.Mqtt;

public sealed class MosquittoRestartTests(ITestOutputHelper output)
{
    private const int StreamLength = 60;
    private const int AcceptedBeforeRestart = 5;

    private readonly string _deviceId = $"dev-{Guid.NewGuid():N}"[..12];

    [Fact]
    public async Task A_broker_restart_in_the_middle_of_a_stream_loses_no_message()
    {
        await using var broker = await Mosquitto.StartNewAsync(new() { Persistent = true });
        // The store stalls after five messages, so that at the restart one message is being stored, some are in
        // flight to the daemon and the rest are queued at the broker, however fast or slow this machine is.
        var sink = new RecordingSink { HoldAfterAccepting = AcceptedBeforeRestart };
        await using var daemon = DaemonTransport.Create(broker.Port, _deviceId, sink, output);
        daemon.ExpectWarnings = true;
        await daemon.StartAsync();
        await daemon.WaitConnectedAsync();
        await using var replay = await Devices.ConnectBareAsync(broker.Port, $"replay-{_deviceId}", persistentSession: true);

        var expected = Enumerable.Range(0, StreamLength).Select(i => $"message-{i:000}").ToList();
        var published = 0;
        var stream = Task.Run(async () =>
        {
            foreach (var message in expected)
            {
                await replay.PublishUntilAcknowledgedAsync($"tmo/{_deviceId}/users/{TestLogins.Device}/in/prompt", message, TimeSpan.FromSeconds(8));
                Interlocked.Increment(ref published);
                await Task.Delay(5);
            }
        });

        await Eventually.HoldsAsync(
            () => Volatile.Read(ref published) >= StreamLength / 3 && sink.Deliveries.Count == AcceptedBeforeRestart + 1,
            "a third of the stream published, five messages stored and the sixth held");
        await broker.StopAsync();
        sink.Release();
        await broker.StartAsync();
        await stream.WaitAsync(TimeSpan.FromSeconds(8));

        await sink.WaitForAcceptedAsync(p => p.Distinct().Count() == StreamLength, "every message of the stream", TimeSpan.FromSeconds(8));
        // At least once: a message whose acknowledgement the restart cut off comes again, never goes missing.
        Assert.Equal(expected, sink.AcceptedPayloads.Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(expected.Take(AcceptedBeforeRestart), sink.AcceptedPayloads.Take(AcceptedBeforeRestart));
        Assert.True(daemon.Counters.Reconnects >= 1);
        output.WriteLine($"{sink.Accepted.Count} deliveries accepted for {StreamLength} messages");
    }
}
