using Tmo.Edge.Console.Components.Account;

namespace Tmo.Edge.Console.Tests;

public sealed class ReturnUrlTests
{
    [Theory]
    [InlineData("/budgets", "/budgets")]
    [InlineData("/decisions/12?x=1", "/decisions/12?x=1")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("budgets", "/")]
    public void Only_a_path_on_this_site_is_followed_after_login(string? returnUrl, string expected)
    {
        Assert.Equal(expected, Login.LocalReturnUrl(returnUrl));
    }
}
