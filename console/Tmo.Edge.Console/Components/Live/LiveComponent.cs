using Microsoft.AspNetCore.Components;

namespace Tmo.Edge.Console.Components.Live;

/// <summary>
/// A component that re-renders from live state about once a second while interactive (the bus delivers far more
/// often than a person can read), and that can refresh slower data every <see cref="SlowEvery"/> ticks.
/// </summary>
public abstract partial class LiveComponent : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private int _ticks;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ILogger<LiveComponent> Logger { get; set; } = default!;

    /// <summary>Ticks between calls of <see cref="RefreshAsync"/>; 0 never.</summary>
    protected virtual int SlowEvery => 0;

    protected CancellationToken Disposed => _disposed.Token;

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Slow data (SQLite queries) to reload; called first on initialisation.</summary>
    protected virtual Task RefreshAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task OnInitializedAsync()
    {
        await RefreshAsync(Disposed);
        if (RendererInfo.IsInteractive)
        {
            _ = TickAsync();
        }
    }

    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), Time);
        try
        {
            while (await timer.WaitForNextTickAsync(Disposed))
            {
                if (SlowEvery > 0 && ++_ticks % SlowEvery == 0)
                {
                    try
                    {
                        await RefreshAsync(Disposed);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException and not ObjectDisposedException)
                    {
                        // A busy or briefly unreadable database must not end the page's updates; the next tick retries.
                        LogRefreshFailed(Logger, GetType().Name, ex.Message);
                    }
                }

                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Page} could not refresh: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string page, string reason);
}
