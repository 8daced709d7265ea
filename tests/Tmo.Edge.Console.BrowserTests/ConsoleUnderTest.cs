using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MQTTnet;
using Tmo.Edge.Console.Security;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Migrating;
using Tmo.Edge.Data.Users;

namespace Tmo.Edge.Console.BrowserTests;

/// <summary>
/// One console for the browser tests: a migrated SQLite file with a seeded journal, a real Mosquitto, a bus client
/// playing the daemon (retained status and health, 1 Hz telemetry) and recording the console's commands, the real
/// console on Kestrel, and Debian's Chromium driven by Playwright (never a downloaded browser).
/// </summary>
public sealed class ConsoleUnderTest : IAsyncLifetime, IDisposable
{
    public const string DeviceId = "browser-1";
    public const string AdminUser = "admin";
    public const string AdminPassword = "browser-test-password";
    public const string LockUser = "locktest";
    public const string LockPassword = "lock-test-password";
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("tmo-console-browser-");
    private readonly CancellationTokenSource _stop = new();
    private Mosquitto? _broker;
    private ConsoleFactory? _factory;
    private DeviceClient? _device;
    private IPlaywright? _playwright;
    private Task? _telemetry;
    private Task? _decisions;

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = default!;

    public ServiceProvider Storage { get; private set; } = default!;

    /// <summary>The running console's own services (its endpoints, options, stores).</summary>
    public IServiceProvider Services => _factory!.Services;

    /// <summary>Every `cmd/*` message the device side received, in order.</summary>
    public IReadOnlyList<ReceivedMessage> Commands => _device?.Received ?? [];

    /// <summary>The browser's zone in every test: times must come out in it, offset shown (+01:00 in winter).</summary>
    public const string BrowserTimeZone = "Europe/Berlin";

    public const int Desktop = 1440;
    public const int Phone = 390;

    /// <summary>TMO_SCREENSHOTS (scripts/screenshots sets docs/screenshots), else beside the test binaries.</summary>
    public static string ScreenshotDirectory =>
        Environment.GetEnvironmentVariable("TMO_SCREENSHOTS") is { Length: > 0 } directory
            ? Path.GetFullPath(directory)
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (scripts/install-test-deps).");
        }

        var settings = new Dictionary<string, string>
        {
            ["Tmo:Storage:DataDirectory"] = _data.FullName,
            ["Tmo:DeviceId"] = DeviceId,
        };
        Storage = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings!).Build())
            .AddTmoEdgeData()
            .BuildServiceProvider();
        await Storage.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        await SeedData.WriteAsync(Storage.GetRequiredService<IDbContextFactory<TmoEdgeDbContext>>(), _data.FullName, TimeProvider.System.GetUtcNow());
        var users = Storage.GetRequiredService<ConsoleUserStore>();
        await users.SetPasswordHashAsync(AdminUser, PasswordHasher.Hash(AdminPassword), "test", CancellationToken.None);
        await users.SetPasswordHashAsync(LockUser, PasswordHasher.Hash(LockPassword), "test", CancellationToken.None);

        _broker = await Mosquitto.StartNewAsync();
        await StartDeviceAsync(_broker.Port);

        settings["Tmo:Mqtt:Host"] = "127.0.0.1";
        settings["Tmo:Mqtt:Port"] = _broker.Port.ToString(CultureInfo.InvariantCulture);
        _factory = new ConsoleFactory(settings);
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public void Dispose()
    {
        _factory?.Dispose();
        _stop.Dispose();
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_telemetry is not null)
        {
            await _telemetry;
        }

        if (_decisions is not null)
        {
            await _decisions;
        }

        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_device is not null)
        {
            await _device.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        await Storage.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Delete(recursive: true);
    }

    /// <summary>A fresh browser context (no cookies), logged in as the admin, on the dashboard with a live circuit.</summary>
    public async Task<IPage> LoggedInPageAsync(int width = Desktop)
    {
        var page = await NewPageAsync(width);
        await page.GotoAsync($"{BaseUrl}/login");
        await page.FillAsync("#user", AdminUser);
        await page.FillAsync("#password", AdminPassword);
        await page.ClickAsync("#login");
        await WaitForInteractiveAsync(page);
        return page;
    }

    public async Task<IPage> NewPageAsync(int width = Desktop)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = width == Phone ? 844 : 1000 },
            TimezoneId = BrowserTimeZone,
            IsMobile = width == Phone,
            HasTouch = width == Phone,
        });
        return await context.NewPageAsync();
    }

    /// <summary>Publishes as the daemon would (retained messages stay for consoles that connect later).</summary>
    public Task PublishFromDaemonAsync(string topic, string payload, bool retain) => PublishAsync(topic, payload, retain);

    /// <summary>Clicks before the Blazor circuit is interactive are lost: the layout renders this marker only once it is.</summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.Locator("[data-testid=interactive]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });

    /// <summary>A MudBlazor input field by its data-testid (MudBlazor puts it on the input or on a wrapper, by component).</summary>
    public static ILocator Input(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true });

    private async Task StartDeviceAsync(int port)
    {
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("browser-test-daemon").Build();
        _device = await DeviceClient.ConnectAsync(options, DeviceId, deviceAccount: null);
        await _device.SubscribeAsync($"tmo/{DeviceId}/cmd/#");
        await PublishAsync("status", "online", retain: true);
        await PublishAsync("health", """
            {"at":"2026-11-28T02:00:00Z","decisionLoopHealthy":true,"mqttConnected":true,
             "localRunner":{"available":true},"cloudRunner":{"available":false,"reason":"circuit open: 5 failures in 60 s"},
             "policyVersion":"rc-a2c-2026-11-27-1",
             "budgets":{"dialogueLatencyS":30,"dialogueUsageUsd":0.05,"dailyCloudCapUsd":5},
             "limits":{"thermalLimitC":85,"powerCapW":15,"memoryMarginMB":512}}
            """, retain: true);
        _telemetry = Task.Run(() => PublishTelemetryAsync(_stop.Token));
        _decisions = Task.Run(() => PublishDecisionsAsync(_stop.Token));
    }

    /// <summary>A Jetson-like reading every second, from a seeded source so screenshots are alike from run to run.</summary>
    private async Task PublishTelemetryAsync(CancellationToken cancellationToken)
    {
        var random = new Random(7);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var gpu = 30 + (random.NextDouble() * 40);
                var cpu = 2.0 + random.NextDouble();
                var soc = 3.0 + (gpu / 20);
                var json = string.Create(CultureInfo.InvariantCulture, $$"""
                    {"powerW":{{cpu + soc:F2}},"rails":[{"name":"VDD_CPU_CV","voltageV":5.0,"currentA":{{cpu / 5:F3}},"powerW":{{cpu:F2}}},
                     {"name":"VDD_SOC","voltageV":5.0,"currentA":{{soc / 5:F3}},"powerW":{{soc:F2}}}],
                     "temperaturesC":{"cpu":{{48 + (random.NextDouble() * 4):F1}},"gpu":{{45 + (gpu / 10):F1}}},
                     "gpuLoadPercent":{{gpu:F0}},"memoryAvailableMB":{{3200 + (random.NextDouble() * 400):F0}},"memoryTotalMB":7620,"source":"jetson-sysfs"}
                    """);
                await PublishAsync("telemetry", json, retain: false);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The daemon's `out/decision` every two seconds (the console keeps no retained copy of it).</summary>
    private async Task PublishDecisionsAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await PublishAsync("out/decision", """
                    {"action":5,"location":"cloud","views":[0,1],"policyVersion":"rc-a2c-2026-11-27-1","probabilities":[0.1,0.05,0.05,0.05,0.1,0.45,0.1,0.05,0.05],
                     "masked":[{"action":0,"reason":"thermal: soc 87.5 C >= 85 C"}],"dialogueId":"kitchen-42","turn":1}
                    """, retain: false);
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task PublishAsync(string topic, string payload, bool retain) =>
        await _device!.PublishToAsync($"tmo/{DeviceId}/{topic}", payload, retain);
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleUnderTest>
{
    public const string Name = "console";
}
