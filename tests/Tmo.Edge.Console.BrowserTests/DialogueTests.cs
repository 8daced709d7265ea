using Microsoft.Playwright;

namespace Tmo.Edge.Console.BrowserTests;

[Collection(ConsoleCollection.Name)]
public sealed class DialogueTests(ConsoleUnderTest console)
{
    [Fact]
    public async Task Each_turn_shows_the_budget_used_up_to_it_and_a_refusal_names_its_rules()
    {
        var page = await console.LoggedInPageAsync();
        await page.GotoAsync($"{console.BaseUrl}/dialogues/{SeedData.KitchenDialogue}");
        await ConsoleUnderTest.WaitForInteractiveAsync(page);

        var totals = page.Locator("[data-testid=running-totals]");
        await Assertions.Expect(totals).ToHaveCountAsync(3);
        // Turn 1 took 6.245 s and 0.00945 USD, turn 2 1.83 s locally, turn 3 was refused and spent nothing.
        await Assertions.Expect(totals.Nth(0)).ToHaveTextAsync("Budget used so far: 6.25 s of 30.0 s, 0.00945 USD of 0.05 USD");
        await Assertions.Expect(totals.Nth(1)).ToHaveTextAsync("Budget used so far: 8.08 s of 30.0 s, 0.00945 USD of 0.05 USD");
        await Assertions.Expect(totals.Nth(2)).ToHaveTextAsync("Budget used so far: 8.08 s of 30.0 s, 0.00945 USD of 0.05 USD");
        await Assertions.Expect(page.Locator("[data-testid=refusal-rules]")).ToHaveTextAsync(
            $"local masked: {SeedData.Thermal}; cloud masked: {SeedData.DailyCap}");
        await Assertions.Expect(page.Locator("[data-testid=dialogue-state]")).ToHaveTextAsync("open");
    }

    [Fact]
    public async Task Answers_are_rendered_as_markdown()
    {
        var page = await console.LoggedInPageAsync();
        await page.GotoAsync($"{console.BaseUrl}/dialogues/{SeedData.GarageDialogue}");
        await ConsoleUnderTest.WaitForInteractiveAsync(page);

        await Assertions.Expect(page.Locator(".answer-markdown h3")).ToHaveTextAsync("On the bench");
        await Assertions.Expect(page.Locator(".answer-markdown strong")).ToHaveTextAsync("hammer");
    }

    [Fact]
    public async Task The_list_tells_open_dialogues_from_idle_closed_ones()
    {
        var page = await console.LoggedInPageAsync();
        await page.GotoAsync($"{console.BaseUrl}/dialogues");
        await ConsoleUnderTest.WaitForInteractiveAsync(page);

        var rows = page.Locator("[data-testid=dialogues] tbody tr");
        await Assertions.Expect(rows.Filter(new() { HasText = SeedData.HallDialogue }).Locator("[data-testid=dialogue-state]")).ToHaveTextAsync("idle-closed");
        await Assertions.Expect(rows.Filter(new() { HasText = SeedData.KitchenDialogue }).Locator("[data-testid=dialogue-state]")).ToHaveTextAsync("open");
    }
}
