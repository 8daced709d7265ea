using Tmo.Edge.Console.Budgets;
using Tmo.Edge.Console.Charts;

namespace Tmo.Edge.Console.Tests;

public sealed class ChartAndBudgetTests
{
    [Fact]
    public void A_value_axis_starts_at_zero_so_a_small_dip_looks_small()
    {
        var axis = ValueAxis.For([26_900, 27_140]);

        Assert.Equal(0, axis.Ticks[0]);
        Assert.Equal(30_000, axis.Max);
        Assert.Equal([0, 10_000, 20_000, 30_000], axis.Ticks);
        Assert.InRange(axis.Fraction(26_900), 0.89, 0.9);
    }

    [Fact]
    public void A_limit_line_above_the_data_stays_on_the_axis()
    {
        var axis = ValueAxis.For([48, 52, 85]);

        Assert.True(axis.Max >= 85);
        Assert.Equal([0, 25, 50, 75, 100], axis.Ticks);
    }

    [Fact]
    public void An_empty_chart_still_has_an_axis()
    {
        Assert.Equal(1, ValueAxis.For([]).Max);
    }

    [Fact]
    public void A_save_reports_exactly_what_changed()
    {
        var cap = BudgetField.All.Single(f => f.Label == "daily cloud cap");
        var thermal = BudgetField.All.Single(f => f.Label == "thermal limit");

        Assert.Equal("Nothing changed.", BudgetChange.Describe([]));
        Assert.Equal("Changed the daily cloud cap from 5.00 USD to 7.00 USD.", BudgetChange.Describe([new BudgetChange(cap, 5, 7)]));
        Assert.Equal(
            "Changed the daily cloud cap from 5.00 USD to 7.00 USD, the thermal limit from 85.0 °C to 80.0 °C.",
            BudgetChange.Describe([new BudgetChange(cap, 5, 7), new BudgetChange(thermal, 85, 80)]));
    }
}
