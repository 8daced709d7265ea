using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tmo.Edge.Data.Settings;

namespace Tmo.Edge.Console.BrowserTests;

[Collection(ConsoleCollection.Name)]
public sealed class BudgetTests(ConsoleUnderTest console)
{
    [Fact]
    public async Task A_saved_budget_is_in_the_database_and_announced_on_cmd_reload()
    {
        var page = await console.LoggedInPageAsync();
        await page.GotoAsync($"{console.BaseUrl}/budgets");
        await ConsoleUnderTest.WaitForInteractiveAsync(page);
        var reloadsBefore = console.Commands.Count(c => c.Topic.EndsWith("/cmd/reload", StringComparison.Ordinal));

        await ConsoleUnderTest.Input(page, "latency").FillAsync("42.5");
        await ConsoleUnderTest.Input(page, "daily-cap").FillAsync("7");
        await page.Locator("[data-testid=save-budgets]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=budgets-saved]")).ToContainTextAsync("the daemon was told to reload");
        var settings = console.Storage.GetRequiredService<SettingsStore>();
        Assert.Equal("42.5", await settings.GetAsync(SettingKeys.DialogueLatencyS, CancellationToken.None));
        Assert.Equal("7", await settings.GetAsync(SettingKeys.DailyCloudCapUsd, CancellationToken.None));
        await WaitUntilAsync(() => console.Commands.Count(c => c.Topic == $"tmo/{ConsoleUnderTest.DeviceId}/cmd/reload") > reloadsBefore);
        await ConsoleUnderTest.ScreenshotAsync(page, "budgets");
    }

    [Fact]
    public async Task An_out_of_range_budget_is_explained_and_nothing_is_saved()
    {
        var page = await console.LoggedInPageAsync();
        await page.GotoAsync($"{console.BaseUrl}/budgets");
        await ConsoleUnderTest.WaitForInteractiveAsync(page);
        var before = await console.Storage.GetRequiredService<SettingsStore>().GetAsync(SettingKeys.DialogueUsageUsd, CancellationToken.None);

        await ConsoleUnderTest.Input(page, "usage").FillAsync("5000");
        await page.Locator("[data-testid=save-budgets]").ClickAsync();

        await Assertions.Expect(page.GetByText("The usage budget must be between 0 and 1000 USD.").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=budgets-saved]")).ToHaveCountAsync(0);
        Assert.Equal(before, await console.Storage.GetRequiredService<SettingsStore>().GetAsync(SettingKeys.DialogueUsageUsd, CancellationToken.None));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(50, deadline.Token);
        }
    }
}
