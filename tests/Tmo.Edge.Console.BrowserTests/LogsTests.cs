using Microsoft.Playwright;

namespace Tmo.Edge.Console.BrowserTests;

[Collection(ConsoleCollection.Name)]
public sealed class LogsTests(ConsoleUnderTest console)
{
    [Fact]
    public async Task A_failed_login_is_logged_to_the_database_and_found_on_the_logs_page()
    {
        var stranger = await console.NewPageAsync();
        await stranger.GotoAsync($"{console.BaseUrl}/login");
        await stranger.FillAsync("#user", "mallory");
        await stranger.FillAsync("#password", "guess-guess-guess");
        await stranger.ClickAsync("#login");
        await Assertions.Expect(stranger.Locator("[data-testid=login-error]")).ToBeVisibleAsync();

        var page = await console.LoggedInPageAsync();
        await page.GotoAsync($"{console.BaseUrl}/logs");
        await ConsoleUnderTest.WaitForInteractiveAsync(page);

        await Assertions.Expect(page.Locator("[data-testid=log-events]")).ToContainTextAsync("Failed console login for a user name that matches no account", new() { Timeout = 15_000 });
    }
}
