using System.Text.Json;
using Microsoft.Playwright;

namespace Tmo.Edge.Console.BrowserTests;

[Collection(ConsoleCollection.Name)]
public sealed class PolicyTests(ConsoleUnderTest console)
{
    [Fact]
    public async Task The_evaluation_table_states_its_budgets()
    {
        var page = await console.LoggedInPageAsync();
        await page.GotoAsync($"{console.BaseUrl}/policy");
        await ConsoleUnderTest.WaitForInteractiveAsync(page);

        await Assertions.Expect(page.Locator("[data-testid=evaluation-budgets]")).ToContainTextAsync("Measured at budgets of 30.0 s and 0.05 USD per dialogue");
    }

    [Fact]
    public async Task Rolling_back_sends_the_older_version_on_cmd_policy()
    {
        var page = await console.LoggedInPageAsync();
        await page.GotoAsync($"{console.BaseUrl}/policy");
        await ConsoleUnderTest.WaitForInteractiveAsync(page);
        var topic = $"tmo/{ConsoleUnderTest.DeviceId}/cmd/policy";
        var before = console.Commands.Count(c => c.Topic == topic);

        await page.GetByRole(AriaRole.Button, new() { Name = "Roll back" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Asked the daemon to activate rc-a2c-2026-11-20-1.")).ToBeVisibleAsync();
        var sent = await WaitForCommandAsync(console, topic, before);
        using var command = JsonDocument.Parse(sent);
        Assert.Equal("activate", command.RootElement.GetProperty("action").GetString());
        Assert.Equal("rc-a2c-2026-11-20-1", command.RootElement.GetProperty("version").GetString());
        Assert.False(command.RootElement.GetProperty("confirmed").GetBoolean(), "A roll back to a version that ran before needs no confirmation.");
    }

    internal static async Task<string> WaitForCommandAsync(ConsoleUnderTest console, string topic, int before)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (console.Commands.Count(c => c.Topic == topic) <= before)
        {
            await Task.Delay(50, deadline.Token);
        }

        return console.Commands.Where(c => c.Topic == topic).Skip(before).First().Payload;
    }
}
