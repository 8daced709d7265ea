using Tmo.Edge.Console.Formatting;

namespace Tmo.Edge.Console.Tests.Formatting;

public sealed class UnitsTests
{
    [Theory]
    [InlineData(0.0, "0 USD")]
    [InlineData(0.05, "0.05 USD")]
    [InlineData(0.00945, "0.00945 USD")]
    [InlineData(1.9161693073366163E-05, "0.0000192 USD")]
    [InlineData(0.012571, "0.0126 USD")]
    [InlineData(4.9999, "5.00 USD")]
    [InlineData(1234.5, "1,234.50 USD")]
    public void Money_keeps_three_significant_digits_below_a_dollar_and_cents_above(double usd, string expected)
    {
        Assert.Equal(expected, Units.Usd(usd));
    }

    [Theory]
    [InlineData(6245.0, "6.25 s")]
    [InlineData(29100.0, "29.1 s")]
    public void Latencies_stored_in_milliseconds_are_shown_in_seconds(double milliseconds, string expected)
    {
        Assert.Equal(expected, Units.SecondsFromMs(milliseconds));
    }

    [Fact]
    public void Every_quantity_has_one_unit()
    {
        Assert.Equal("12.3 W", Units.Watts(12.34));
        Assert.Equal("88.2 °C", Units.Celsius(88.2));
        Assert.Equal("27,140 MiB", Units.Mebibytes(27140));
        Assert.Equal("1.50 MiB", Units.MebibytesFromBytes(1572864));
        Assert.Equal("10.0%", Units.Percent(0.1));
        Assert.Equal("0.57", Units.Score(0.5666));
        Assert.Equal("–", Units.Score(null));
        Assert.Equal("–", Units.Usd(null));
    }
}
