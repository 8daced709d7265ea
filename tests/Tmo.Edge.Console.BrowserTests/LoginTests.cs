using Microsoft.Playwright;
using Tmo.Edge.Data.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Tmo.Edge.Console.BrowserTests;

[Collection(ConsoleCollection.Name)]
public sealed class LoginTests(ConsoleUnderTest console)
{
    [Fact]
    public async Task A_page_without_a_login_sends_the_browser_to_the_login_form()
    {
        var page = await console.NewPageAsync();
        await page.GotoAsync($"{console.BaseUrl}/budgets");

        Assert.StartsWith($"{console.BaseUrl}/login", page.Url, StringComparison.Ordinal);
        Assert.Contains("ReturnUrl=%2Fbudgets", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_right_password_opens_the_dashboard_with_the_live_device_status()
    {
        var page = await console.LoggedInPageAsync();

        Assert.Equal($"{console.BaseUrl}/", page.Url);
        await Assertions.Expect(page.Locator("[data-testid=device-status]")).ToHaveTextAsync("daemon online", new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByText("VDD_SOC").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("[data-testid=last-decision]")).ToContainTextAsync("kitchen-42 turn 1", new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var page = await console.NewPageAsync();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await page.GotoAsync($"{console.BaseUrl}/login");
            await page.FillAsync("#user", ConsoleUnderTest.LockUser);
            await page.FillAsync("#password", $"wrong-{attempt}");
            await page.ClickAsync("#login");
            var error = page.Locator("[data-testid=login-error]");
            await Assertions.Expect(error).ToContainTextAsync(attempt < 5 ? "Wrong user or password" : "locked until");
        }

        await page.GotoAsync($"{console.BaseUrl}/login");
        await page.FillAsync("#user", ConsoleUnderTest.LockUser);
        await page.FillAsync("#password", ConsoleUnderTest.LockPassword);
        await page.ClickAsync("#login");

        await Assertions.Expect(page.Locator("[data-testid=login-error]")).ToContainTextAsync("locked until");
        Assert.StartsWith($"{console.BaseUrl}/login", page.Url, StringComparison.Ordinal);
        var account = await console.Storage.GetRequiredService<ConsoleUserStore>().FindAsync(ConsoleUnderTest.LockUser, CancellationToken.None);
        Assert.NotNull(account?.LockedUntil);
        Assert.InRange(account.LockedUntil.Value - TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Theory]
    [InlineData(ConsoleUnderTest.Desktop)]
    [InlineData(ConsoleUnderTest.Phone)]
    public async Task After_a_wrong_password_the_user_name_is_still_there_and_the_password_is_not(int width)
    {
        var page = await console.NewPageAsync(width);
        var problems = BrowserProblems.Watch(page);
        await page.GotoAsync($"{console.BaseUrl}/login");
        await ConsoleUnderTest.ScreenshotAsync(page, $"login-{width}");
        await page.FillAsync("#user", "operator");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("#login");

        await Assertions.Expect(page.Locator("[data-testid=login-error]")).ToContainTextAsync("Wrong user or password");
        await Assertions.Expect(page.Locator("#user")).ToHaveValueAsync("operator");
        await Assertions.Expect(page.Locator("#password")).ToHaveValueAsync("");
        Assert.DoesNotContain("operator", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Empty(problems.All);
    }
}
