using Microsoft.Extensions.Hosting;
using Tmo.Edge.Core.Messaging;

namespace Tmo.Edge.Daemon.Ingress;

/// <summary>
/// Takes each message from the <see cref="InboundChannel"/>, in order, to the <see cref="IInboundMessageSink"/>: the
/// next is taken once the sink has given the previous one its place in line, while earlier ones may still be being
/// recorded (so many share one disk flush). A message the sink refuses ends its <see cref="InboundSession"/>. It runs from the Start phase to the Stopped phase, so that whatever writes
/// into the channel is served until it has stopped, whichever order the hosted services start and stop in; then it
/// closes the channel, and the messages not taken by then stay unrecorded (their senders deliver them again).
/// </summary>
public sealed class InboundPump(InboundChannel channel, IInboundMessageSink sink) : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _pumping = Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _pumping = Task.Run(() => PumpAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _pumping.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        channel.Close();
    }

    public void Dispose() => _stopping.Dispose();

    private async Task PumpAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var delivery in channel.Reader.ReadAllAsync(stoppingToken))
            {
                if (delivery.Session.Ended)
                {
                    delivery.Failed(new InboundSessionEndedException());
                    continue;
                }

                try
                {
                    delivery.Taken(await sink.AcceptAsync(delivery.Message, stoppingToken));
                }
                catch (Exception exception)
                {
                    // Unrecorded: its writer leaves it unacknowledged, and the messages behind it wait with it.
                    delivery.Session.End();
                    delivery.Failed(exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
