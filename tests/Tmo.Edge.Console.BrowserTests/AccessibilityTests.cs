using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace Tmo.Edge.Console.BrowserTests;

/// <summary>axe-core on every page at both widths: no serious or critical violation.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class AccessibilityTests(ConsoleUnderTest console)
{
    public static TheoryData<string, int> PagesAtBothWidths()
    {
        var data = new TheoryData<string, int>();
        foreach (var width in new[] { ConsoleUnderTest.Desktop, ConsoleUnderTest.Phone })
        {
            foreach (var row in PageTourTests.Pages)
            {
                data.Add((string)row[0], width);
            }

            data.Add("login", width);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PagesAtBothWidths))]
    public async Task Every_page_has_no_serious_or_critical_accessibility_violation(string path, int width)
    {
        var page = path == "login" ? await console.NewPageAsync(width) : await console.LoggedInPageAsync(width);
        await page.GotoAsync($"{console.BaseUrl}/{path}");
        if (path != "login")
        {
            await ConsoleUnderTest.WaitForInteractiveAsync(page);
            await page.WaitForTimeoutAsync(1500);
        }

        AxeResult result = await page.RunAxe();

        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")
            .ToList();
        Assert.True(serious.Count == 0, $"/{path} at {width} px:\n" + string.Join("\n", serious));
    }
}
