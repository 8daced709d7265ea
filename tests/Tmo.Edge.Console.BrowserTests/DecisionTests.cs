using Microsoft.Playwright;

namespace Tmo.Edge.Console.BrowserTests;

[Collection(ConsoleCollection.Name)]
public sealed class DecisionTests(ConsoleUnderTest console)
{
    [Fact]
    public async Task Filtering_the_grid_by_dialogue_shows_only_that_dialogues_turns()
    {
        var page = await console.LoggedInPageAsync();
        await page.GotoAsync($"{console.BaseUrl}/decisions");
        await ConsoleUnderTest.WaitForInteractiveAsync(page);
        var links = page.Locator("[data-testid=decision-link]");
        await Assertions.Expect(links).ToHaveCountAsync(6);

        await ConsoleUnderTest.Input(page, "filter-dialogue").FillAsync(SeedData.GarageDialogue);
        await page.Locator("[data-testid=apply-filters]").ClickAsync();

        await Assertions.Expect(links).ToHaveCountAsync(2);
        foreach (var text in await links.AllInnerTextsAsync())
        {
            Assert.StartsWith(SeedData.GarageDialogue, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Searching_the_prompt_text_and_opening_a_decision_shows_its_detail()
    {
        var page = await console.LoggedInPageAsync();
        await page.GotoAsync($"{console.BaseUrl}/decisions");
        await ConsoleUnderTest.WaitForInteractiveAsync(page);

        await ConsoleUnderTest.Input(page, "filter-text").FillAsync("dishes");
        await page.Locator("[data-testid=apply-filters]").ClickAsync();
        var links = page.Locator("[data-testid=decision-link]");
        await Assertions.Expect(links).ToHaveCountAsync(1);
        await links.First.ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=decision-prompt]")).ToHaveTextAsync(SeedData.KitchenPrompt);
        await Assertions.Expect(page.Locator("[data-testid=decision-answer]")).ToHaveTextAsync("The dishes are in the sink.");
        await Assertions.Expect(page.Locator("[data-testid=decision-action]")).ToHaveTextAsync("cloud + views 1 and 2");
        await Assertions.Expect(page.Locator("[data-testid=decision-masked]")).ToContainTextAsync("local");
        await Assertions.Expect(page.Locator("[data-testid=decision-masked]")).ToContainTextAsync(SeedData.Thermal);
        await Assertions.Expect(page.Locator("[data-testid=decision-probabilities]")).ToContainTextAsync("0.450");
    }

    [Fact]
    public async Task The_grid_names_actions_in_words_and_shows_the_error_with_the_rules_that_blocked_the_turn()
    {
        var page = await console.LoggedInPageAsync();
        await page.GotoAsync($"{console.BaseUrl}/decisions");
        await ConsoleUnderTest.WaitForInteractiveAsync(page);

        var grid = page.Locator("[data-testid=decisions-grid]");
        await Assertions.Expect(grid).ToContainTextAsync("cloud + views 1 and 2");
        await Assertions.Expect(grid).ToContainTextAsync("cloud, text only");
        var error = page.Locator("[data-testid=decision-error-cell]").First;
        await Assertions.Expect(error).ToBeInViewportAsync();
        Assert.Equal(SeedData.RefusalError, await error.GetAttributeAsync("title"));

        await error.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=decision-refusal]")).ToHaveTextAsync(
            $"local masked: {SeedData.Thermal}; cloud masked: {SeedData.DailyCap}");
    }
}
