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

        await Assertions.Expect(page.Locator("[data-testid=budgets-saved]")).ToHaveTextAsync(
            "Changed the latency budget from 30.0 s to 42.5 s, the daily cloud cap from 5.00 USD to 7.00 USD. The daemon was told to reload.");
        var settings = console.Storage.GetRequiredService<SettingsStore>();
        Assert.Equal("42.5", await settings.GetAsync(SettingKeys.DialogueLatencyS, CancellationToken.None));
        Assert.Equal("7", await settings.GetAsync(SettingKeys.DailyCloudCapUsd, CancellationToken.None));
        await WaitUntilAsync(() => console.Commands.Count(c => c.Topic == $"tmo/{ConsoleUnderTest.DeviceId}/cmd/reload") > reloadsBefore);
    }

    [Fact]
    public async Task Every_field_shows_the_value_in_force_and_its_source()
    {
        var page = await console.LoggedInPageAsync();
        await page.GotoAsync($"{console.BaseUrl}/budgets");
        await ConsoleUnderTest.WaitForInteractiveAsync(page);

        // Empty device limits: the daemon's configured values, as its health report gives them.
        await Assertions.Expect(page.GetByText("In force: 85.0 °C (the daemon's configuration)")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("In force: 15.0 W (the daemon's configuration)")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("In force: 512 MiB (the daemon's configuration)")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("text=/In force: .* USD/")).ToHaveCountAsync(2);
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
