using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;

namespace Tmo.Edge.Daemon.Tests.Mqtt;

public sealed class ReconnectClockTests
{
    [Fact]
    public async Task The_next_attempt_waits_for_the_backoff_delay_on_the_injected_clock()
    {
        // Something that accepts TCP connections and hangs up at once: every MQTT connection attempt fails fast.
        using var refuser = new TcpListener(IPAddress.Loopback, 0);
        refuser.Start();
        var port = ((IPEndPoint)refuser.LocalEndpoint).Port;
        var attempts = 0;
        using var stop = new CancellationTokenSource();
        var hangingUp = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var socket = await refuser.AcceptSocketAsync(stop.Token);
                Interlocked.Increment(ref attempts);
            }
        });

        var clock = new FakeTimeProvider();
        await using var daemon = DaemonTransport.Create(port, "kitchen-42", new RecordingSink(), time: clock, settings: new Dictionary<string, string?>
        {
            ["Tmo:Mqtt:ReconnectInitialSeconds"] = "2",
            ["Tmo:Mqtt:ReconnectMaxSeconds"] = "2",
        });
        daemon.ExpectWarnings = true;
        await daemon.StartAsync();

        await Eventually.HoldsAsync(() => daemon.Logs.Entries.Any(e => e.EventName == "ConnectFailed"), "the first attempt failed");
        Assert.Equal(1, Volatile.Read(ref attempts));

        // The clock stands still: however long the test waits in real time, no second attempt is made.
        await Task.Delay(300);
        clock.Advance(TimeSpan.FromSeconds(1.5));
        await Task.Delay(100);
        Assert.Equal(1, Volatile.Read(ref attempts));

        // The delay is at most 2 s (jitter only shortens it): half a second more on the clock is enough.
        clock.Advance(TimeSpan.FromSeconds(0.5));
        await Eventually.HoldsAsync(() => Volatile.Read(ref attempts) == 2, "the second attempt, after the delay on the fake clock");

        await stop.CancelAsync();
        refuser.Stop();
        try
        {
            await hangingUp;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
    }
}
