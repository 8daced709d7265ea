using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tmo.Edge.Data.Settings;

namespace Tmo.Edge.Console.BrowserTests;

[Collection(ConsoleCollection.Name)]
public sealed class BannerTests(ConsoleUnderTest console)
{
    [Fact]
    public async Task While_the_daily_cap_is_spent_every_page_says_so()
    {
        var settings = console.Storage.GetRequiredService<SettingsStore>();
        var before = await settings.GetAsync(SettingKeys.DailyCloudCapUsd, CancellationToken.None);
        // Today's seeded spend is 0.01257 USD: a cap of 0.01 is spent.
        await settings.SetAsync(SettingKeys.DailyCloudCapUsd, "0.01", "test", CancellationToken.None);
        try
        {
            var page = await console.LoggedInPageAsync(ConsoleUnderTest.Phone);
            foreach (var path in new[] { "", "decisions", "policy", "health" })
            {
                await page.GotoAsync($"{console.BaseUrl}/{path}");
                await ConsoleUnderTest.WaitForInteractiveAsync(page);
                await Assertions.Expect(page.Locator("[data-alert=cap]")).ToContainTextAsync("The daily cloud cap is spent (0.0126 USD of 0.01 USD)");
            }

            await ConsoleUnderTest.ScreenshotAsync(page, "banner-cap-spent-390");
        }
        finally
        {
            await settings.SetAsync(SettingKeys.DailyCloudCapUsd, before ?? "5", "test", CancellationToken.None);
        }
    }

    [Fact]
    public async Task With_money_left_there_is_no_cap_banner()
    {
        var page = await console.LoggedInPageAsync();

        await Assertions.Expect(page.GetByText("Cloud spend today")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-alert=cap]")).ToHaveCountAsync(0);
    }
}
