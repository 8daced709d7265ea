using System.Net;

namespace Tmo.Edge.Console.BrowserTests.Security;

/// <summary>Every form post of the console needs the antiforgery token of a page the console served to that browser.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class AntiforgeryTests(ConsoleUnderTest console)
{
    [Fact]
    public async Task A_login_post_without_the_antiforgery_token_is_rejected_even_with_the_right_password()
    {
        using var form = new LoginForm(console.BaseUrl);
        await form.TokenFromAsync("/login");

        using var forged = await form.PostLoginAsync(ConsoleUnderTest.AdminUser, ConsoleUnderTest.AdminPassword, token: null);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(form.HasSessionCookie);

        // The same post with the token logs in: the rejection above was the missing token, nothing else.
        using var genuine = await form.PostLoginAsync(ConsoleUnderTest.AdminUser, ConsoleUnderTest.AdminPassword, await form.TokenFromAsync("/login"));
        Assert.Equal(HttpStatusCode.Redirect, genuine.StatusCode);
        Assert.True(form.HasSessionCookie);
    }

    [Fact]
    public async Task A_login_post_with_a_token_from_another_browser_is_rejected()
    {
        using var attacker = new LoginForm(console.BaseUrl);
        var attackersToken = await attacker.TokenFromAsync("/login");
        using var victim = new LoginForm(console.BaseUrl);
        await victim.TokenFromAsync("/login");

        using var response = await victim.PostLoginAsync(ConsoleUnderTest.AdminUser, ConsoleUnderTest.AdminPassword, attackersToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(victim.HasSessionCookie);
    }

    [Fact]
    public async Task A_logout_post_without_the_antiforgery_token_is_rejected_and_the_session_stays()
    {
        using var form = new LoginForm(console.BaseUrl);
        using var login = await form.PostLoginAsync(ConsoleUnderTest.AdminUser, ConsoleUnderTest.AdminPassword, await form.TokenFromAsync("/login"));
        Assert.True(form.HasSessionCookie);

        using (var empty = new FormUrlEncodedContent([]))
        using (var forged = await form.Http.PostAsync(new Uri("/logout", UriKind.Relative), empty))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        using (var dashboard = await form.Http.GetAsync(new Uri("/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        }

        // With the token of a page it was served, the same post logs out.
        var token = await form.TokenFromAsync("/");
        using var genuineForm = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]);
        using var logout = await form.Http.PostAsync(new Uri("/logout", UriKind.Relative), genuineForm);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        using var after = await form.Http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }
}
