using System.Globalization;
using Microsoft.AspNetCore.Components.Endpoints;
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
using Tmo.Edge.Data.Settings;
using Tmo.Edge.Data.Users;
using Xunit.Abstractions;

namespace Tmo.Edge.Console.BrowserTests.Security;

/// <summary>
/// The console's secrets (the admin password, its broker password, and the cloud API key in the configuration it
/// shares with the daemon) appear in none of its outputs after a session through a real browser: its log, the log
/// table and raw SQLite files, every MQTT message, every page it rendered.
/// </summary>
public sealed class ConsoleSecretScanTests(ITestOutputHelper output)
{
    private const string DeviceId = "scan-console";

    [Fact]
    public async Task No_secret_reaches_the_logs_the_database_the_bus_or_a_rendered_page_in_a_browser_session()
    {
        var data = Directory.CreateTempSubdirectory("tmo-console-scan-");
        var adminPassword = $"admin-secret-{Guid.NewGuid():N}";
        var apiKey = $"sk-tmo-secret-{Guid.NewGuid():N}";
        var keyFile = Path.Combine(data.FullName, "cloud-api-key");
        await File.WriteAllTextAsync(keyFile, apiKey);
        var settings = new Dictionary<string, string>
        {
            ["Tmo:Storage:DataDirectory"] = Path.Combine(data.FullName, "state"),
            ["Tmo:DeviceId"] = DeviceId,
        };
        await using var storage = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings!).Build())
            .AddTmoEdgeData()
            .BuildServiceProvider();
        await storage.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        await SeedData.WriteAsync(storage.GetRequiredService<IDbContextFactory<TmoEdgeDbContext>>(), settings["Tmo:Storage:DataDirectory"], TimeProvider.System.GetUtcNow());
        await storage.GetRequiredService<ConsoleUserStore>().SetPasswordHashAsync("admin", PasswordHasher.Hash(adminPassword), "test", CancellationToken.None);

        await using var broker = await SecuredConsoleBroker.StartAsync(DeviceId);
        await using var auditor = await SecuredConsoleBroker.ConnectAsync(broker, DeviceId, SecuredConsoleBroker.AuditorUser, "#");
        await using var daemon = await SecuredConsoleBroker.ConnectAsync(broker, DeviceId, SecuredConsoleBroker.DaemonUser, $"tmo/{DeviceId}/cmd/#");
        Assert.Equal(MqttClientPublishReasonCode.Success, await daemon.PublishToAsync($"tmo/{DeviceId}/status", "online", retain: true));
        Assert.Equal(MqttClientPublishReasonCode.Success, await daemon.PublishToAsync($"tmo/{DeviceId}/health", """{"at":"2026-11-28T02:00:00Z","decisionLoopHealthy":true,"mqttConnected":true,"localRunner":{"available":true},"cloudRunner":{"available":false,"reason":"circuit open: 5 failures in 60 s"},"policyVersion":"rc-a2c-2026-11-27-1"}""", retain: true));
        Assert.Equal(MqttClientPublishReasonCode.Success, await daemon.PublishToAsync($"tmo/{DeviceId}/error", """{"topic":"tmo/scan-console/in/prompt","reason":"invalid JSON at byte 27","receivedAt":"2026-11-28T02:00:00Z","bytes":27}"""));

        settings["Tmo:Mqtt:Host"] = "127.0.0.1";
        settings["Tmo:Mqtt:Port"] = broker.Port.ToString(CultureInfo.InvariantCulture);
        settings["Tmo:Mqtt:UseTls"] = "true";
        settings["Tmo:Mqtt:CaCertificateFile"] = broker.Certificates.CaFile;
        settings["Tmo:Mqtt:Username"] = SecuredConsoleBroker.ConsoleUser;
        settings["Tmo:Mqtt:PasswordFile"] = broker.Accounts[SecuredConsoleBroker.ConsoleUser].PasswordFile;
        settings["Tmo:CloudLlm:BaseUrl"] = "http://127.0.0.1:9/v1";
        settings["Tmo:CloudLlm:ApiKeyFile"] = keyFile;
        var logs = new RecordingLoggerProvider(output);
        var pages = new List<(string Path, string Html)>();
        await using (var console = new RecordedConsoleFactory(settings, logs))
        {
            console.UseKestrel(0);
            console.StartServer();
            var baseUrl = console.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
                .First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ConsoleUnderTest.ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
            });
            var page = await (await browser.NewContextAsync()).NewPageAsync();

            // Classic slips: the password typed into the user field; the right password with a mistyped user name;
            // then a wrong password, then the right login.
            await LogInAsync(page, baseUrl, adminPassword, "not-the-password");
            await Assertions.Expect(page.Locator("[data-testid=login-error]")).ToContainTextAsync("Wrong user or password");
            pages.Add(("/login (password as user name)", await page.ContentAsync()));
            await LogInAsync(page, baseUrl, "admni", adminPassword);
            await Assertions.Expect(page.Locator("[data-testid=login-error]")).ToContainTextAsync("Wrong user or password");
            pages.Add(("/login (mistyped user name)", await page.ContentAsync()));
            await LogInAsync(page, baseUrl, "admin", $"wrong-{Guid.NewGuid():N}");
            await Assertions.Expect(page.Locator("[data-testid=login-error]")).ToContainTextAsync("Wrong user or password");
            await LogInAsync(page, baseUrl, "admin", adminPassword);
            await ConsoleUnderTest.WaitForInteractiveAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=device-status]")).ToHaveTextAsync("daemon online", new() { Timeout = 15_000 });

            // A budget change: stored, and announced to the daemon over the TLS connection with the console's account.
            await page.GotoAsync($"{baseUrl}/budgets");
            await ConsoleUnderTest.WaitForInteractiveAsync(page);
            await ConsoleUnderTest.Input(page, "latency").FillAsync("41");
            await page.Locator("[data-testid=save-budgets]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=budgets-saved]")).ToContainTextAsync("The daemon was told to reload");
            Assert.Equal("41", await storage.GetRequiredService<SettingsStore>().GetAsync(SettingKeys.DialogueLatencyS, CancellationToken.None));

            // Every page of the app, as rendered once live.
            foreach (var endpoint in AppEndpoints.Of(console.Services).Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null))
            {
                var path = AppEndpoints.SamplePath(endpoint);
                if (pages.Any(p => p.Path == path))
                {
                    continue;
                }

                await page.GotoAsync($"{baseUrl}{path}");
                if (!AppEndpoints.AllowsAnonymous(endpoint))
                {
                    await ConsoleUnderTest.WaitForInteractiveAsync(page);
                }

                pages.Add((path, await page.ContentAsync()));
            }

            await page.GotoAsync($"{baseUrl}/");
            await ConsoleUnderTest.WaitForInteractiveAsync(page);
            await page.Locator("form[action=logout] button").ClickAsync();
            // Waits as long as the interactive waits on a loaded CI box, and names the page it ended on if it did not get there.
            await Assertions.Expect(page).ToHaveURLAsync($"{baseUrl}/login", new PageAssertionsToHaveURLOptions { Timeout = 60_000 });
            pages.Add(("/login (logged out)", await page.ContentAsync()));
            Assert.Contains(daemon.Received, m => m.Topic == $"tmo/{DeviceId}/cmd/reload");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        List<Data.Records.LogEventRecord> logRows;
        await using (var db = await storage.GetRequiredService<IDbContextFactory<TmoEdgeDbContext>>().CreateDbContextAsync())
        {
            logRows = await db.LogEvents.AsNoTracking().ToListAsync();
        }

        var scan = new SecretScan(new Dictionary<string, string>
        {
            ["the admin password"] = adminPassword,
            ["the cloud API key"] = apiKey,
            ["the console's broker password"] = broker.Accounts[SecuredConsoleBroker.ConsoleUser].Password,
            ["the daemon's broker password"] = broker.Accounts[SecuredConsoleBroker.DaemonUser].Password,
        });
        foreach (var entry in logs.Entries)
        {
            scan.Text($"log {entry.Category}", $"{entry.Message} {entry.Exception}");
        }

        foreach (var row in logRows)
        {
            scan.Text($"log table row {row.Id} ({row.Source})", $"{row.Message} {row.Exception}");
        }

        scan.Files(settings["Tmo:Storage:DataDirectory"]);
        foreach (var (topic, payload, _) in auditor.Received)
        {
            scan.Bytes($"MQTT {topic}", payload);
        }

        foreach (var (path, html) in pages)
        {
            scan.Text($"page {path}", html);
        }

        output.WriteLine($"scanned {logs.Entries.Count} log entries, {logRows.Count} log rows, {auditor.Received.Count} MQTT messages, {pages.Count} pages: {string.Join(", ", pages.Select(p => p.Path))}");
        Assert.True(pages.Count >= 10, "the page tour is not vacuous");
        Assert.Contains(logs.Entries, e => e.Message.Contains("Failed console login", StringComparison.Ordinal));
        try
        {
            scan.AssertClean();
        }
        finally
        {
            await storage.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }

    private static async Task LogInAsync(IPage page, string baseUrl, string user, string password)
    {
        await page.GotoAsync($"{baseUrl}/login");
        await page.FillAsync("#user", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login");
    }
}
