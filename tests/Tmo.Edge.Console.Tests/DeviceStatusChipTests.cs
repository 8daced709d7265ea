using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using Tmo.Edge.Console.Components.Live;
using Tmo.Edge.Console.Live;

namespace Tmo.Edge.Console.Tests;

public sealed class DeviceStatusChipTests
{
    [Theory]
    [InlineData(true, DeviceStatus.Online, "daemon online")]
    [InlineData(true, DeviceStatus.Offline, "daemon offline")]
    [InlineData(true, DeviceStatus.Unknown, "daemon unknown")]
    [InlineData(false, DeviceStatus.Unknown, "no broker")]
    public async Task The_chip_says_what_the_retained_status_topic_says(bool brokerConnected, DeviceStatus status, string expected)
    {
        await using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        var state = new LiveState();
        state.SetBrokerConnected(brokerConnected);
        state.SetStatus(status);
        ctx.Services.AddSingleton(state);
        ctx.Services.AddSingleton(TimeProvider.System);
        ctx.Renderer.SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var cut = ctx.Render<DeviceStatusChip>();

        Assert.Equal(expected, cut.Find("[data-testid=device-status]").TextContent.Trim());
    }

    [Fact]
    public async Task While_interactive_the_chip_follows_the_status_about_once_a_second()
    {
        await using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        var state = new LiveState();
        state.SetBrokerConnected(true);
        state.SetStatus(DeviceStatus.Online);
        var time = new FakeTimeProvider();
        ctx.Services.AddSingleton(state);
        ctx.Services.AddSingleton<TimeProvider>(time);
        ctx.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var cut = ctx.Render<DeviceStatusChip>();

        state.SetStatus(DeviceStatus.Offline);
        Assert.Equal("daemon online", cut.Find("[data-testid=device-status]").TextContent.Trim());
        time.Advance(TimeSpan.FromSeconds(1));

        await cut.WaitForAssertionAsync(() => Assert.Equal("daemon offline", cut.Find("[data-testid=device-status]").TextContent.Trim()), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Losing_the_broker_forgets_the_retained_status()
    {
        var state = new LiveState();
        state.SetBrokerConnected(true);
        state.SetStatus(DeviceStatus.Online);

        state.SetBrokerConnected(false);

        Assert.Equal(DeviceStatus.Unknown, state.Status);
    }
}
