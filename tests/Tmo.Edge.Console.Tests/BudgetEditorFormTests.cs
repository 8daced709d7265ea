using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Tmo.Edge.Console.Budgets;
using Tmo.Edge.Console.Components.Live;

namespace Tmo.Edge.Console.Tests;

public sealed class BudgetEditorFormTests
{
    [Fact]
    public async Task An_out_of_range_budget_is_explained_and_never_saved()
    {
        await using var ctx = NewContext();
        var saves = 0;
        var form = new BudgetForm { DialogueLatencyS = 30, DialogueUsageUsd = 0.05, DailyCloudCapUsd = 5, ThermalLimitC = 200 };
        var cut = ctx.Render<BudgetEditorForm>(p => p.Add(c => c.Form, form).Add(c => c.OnSave, () => saves++));

        await cut.Find("form").SubmitAsync();

        Assert.Contains("The thermal limit must be between 20 and 150 °C.", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(0, saves);
    }

    [Fact]
    public async Task A_missing_required_budget_is_explained_and_never_saved()
    {
        await using var ctx = NewContext();
        var saves = 0;
        var form = new BudgetForm { DialogueLatencyS = null, DialogueUsageUsd = 0.05, DailyCloudCapUsd = 5 };
        var cut = ctx.Render<BudgetEditorForm>(p => p.Add(c => c.Form, form).Add(c => c.OnSave, () => saves++));

        await cut.Find("form").SubmitAsync();

        Assert.Contains("Give a latency budget.", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(0, saves);
    }

    [Fact]
    public async Task A_valid_budget_is_saved_once_and_the_outcome_shown()
    {
        await using var ctx = NewContext();
        var saves = 0;
        var form = new BudgetForm { DialogueLatencyS = 20, DialogueUsageUsd = 0.02, DailyCloudCapUsd = 3, PowerCapW = 15 };
        var cut = ctx.Render<BudgetEditorForm>(p => p.Add(c => c.Form, form).Add(c => c.OnSave, () => saves++));

        await cut.Find("form").SubmitAsync();
        cut.Render(p => p.Add(c => c.Saved, "Saved 4 settings; the daemon was told to reload."));

        Assert.Equal(1, saves);
        Assert.Equal("Saved 4 settings; the daemon was told to reload.", cut.Find("[data-testid=budgets-saved]").TextContent.Trim());
    }

    private static BunitContext NewContext()
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        return ctx;
    }
}
