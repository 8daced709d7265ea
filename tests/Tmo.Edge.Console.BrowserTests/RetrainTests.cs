using System.Text.Json;
using Microsoft.Playwright;

namespace Tmo.Edge.Console.BrowserTests;

/// <summary>The daemon holds back a retrained policy that scored worse; the console shows why and activates it only when told twice.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RetrainTests(ConsoleUnderTest console)
{
    private const string Candidate = "rc-a2c-2026-11-28-2";

    private static readonly string HeldBack = $$$"""
        {"state":"candidate","fraction":1,"version":"{{{Candidate}}}","at":"{{{TimeProvider.System.GetUtcNow():O}}}",
         "message":"{{{SeedData.PolicyVersion}}} stays in force: the candidate is worse on reward 0.989 < 1.063",
         "comparison":{"latencyBudgetS":30,"usageBudgetUsd":0.05,"testDialogues":80,
           "active":{"version":"{{{SeedData.PolicyVersion}}}","reward":1.063,"latencyViolationShare":0,"usageViolationShare":0,"refusedShare":0,"oracleShare":0.91},
           "candidate":{"version":"{{{Candidate}}}","reward":0.989,"latencyViolationShare":0,"usageViolationShare":0,"refusedShare":0,"oracleShare":0.85},
           "worseOn":["reward 0.989 < 1.063"]}}
        """;

    [Fact]
    public async Task A_worse_candidate_is_compared_side_by_side_and_activated_only_after_confirmation()
    {
        var topic = $"tmo/{ConsoleUnderTest.DeviceId}/cmd/policy";
        await console.PublishFromDaemonAsync("policy/progress", HeldBack, retain: true);
        try
        {
            var page = await console.LoggedInPageAsync();
            await page.GotoAsync($"{console.BaseUrl}/policy");
            await ConsoleUnderTest.WaitForInteractiveAsync(page);

            await Assertions.Expect(page.Locator("[data-testid=retrain-candidate]")).ToContainTextAsync("it is worse on reward 0.989 < 1.063");
            var comparison = page.Locator("[data-testid=policy-comparison]");
            await Assertions.Expect(comparison).ToContainTextAsync("1.063");
            await Assertions.Expect(comparison).ToContainTextAsync("0.989");
            await Assertions.Expect(comparison).ToContainTextAsync("85.0%");
            await ConsoleUnderTest.ScreenshotAsync(page, "policy-candidate-1440");
            var before = console.Commands.Count(c => c.Topic == topic);

            await page.Locator("[data-testid=activate-candidate]").ClickAsync();
            await Assertions.Expect(page.GetByText("Activate a worse policy?")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Activate a worse policy?")).ToHaveCountAsync(0);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal(before, console.Commands.Count(c => c.Topic == topic));

            await page.Locator("[data-testid=activate-candidate]").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Activate it anyway" }).ClickAsync();

            var sent = await PolicyTests.WaitForCommandAsync(console, topic, before);
            using var command = JsonDocument.Parse(sent);
            Assert.Equal("activate", command.RootElement.GetProperty("action").GetString());
            Assert.Equal(Candidate, command.RootElement.GetProperty("version").GetString());
            Assert.True(command.RootElement.GetProperty("confirmed").GetBoolean());
        }
        finally
        {
            await console.PublishFromDaemonAsync("policy/progress", "", retain: true);
        }
    }

    [Fact]
    public async Task An_outcome_line_clears_itself()
    {
        var at = TimeProvider.System.GetUtcNow();
        await console.PublishFromDaemonAsync(
            "policy/progress", $$"""{"state":"activated","fraction":1,"message":"v9 is in force","version":"v9","at":"{{at:O}}"}""", retain: true);
        try
        {
            var page = await console.LoggedInPageAsync();
            await page.GotoAsync($"{console.BaseUrl}/policy");
            await ConsoleUnderTest.WaitForInteractiveAsync(page);

            await Assertions.Expect(page.Locator("[data-testid=retrain-outcome]")).ToContainTextAsync("v9 is in force");
            await Assertions.Expect(page.Locator("[data-testid=retrain-outcome]")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        }
        finally
        {
            await console.PublishFromDaemonAsync("policy/progress", "", retain: true);
        }
    }
}
