using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Console.Security;
using Tmo.Edge.Data.Users;

namespace Tmo.Edge.Console.BrowserTests.Security;

/// <summary>A new password ends every session signed in with the old one (the account's security stamp).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SessionRevocationTests(ConsoleUnderTest console)
{
    private const string User = "revocation-test";
    private const string OldPassword = "revocation-old-password";
    private const string NewPassword = "revocation-new-password";

    [Fact]
    public async Task A_session_cookie_issued_before_a_password_change_is_refused_after_it()
    {
        var users = console.Storage.GetRequiredService<ConsoleUserStore>();
        await users.SetPasswordHashAsync(User, PasswordHasher.Hash(OldPassword), "test", CancellationToken.None);
        using var browser = new LoginForm(console.BaseUrl);
        using (var login = await browser.PostLoginAsync(User, OldPassword, await browser.TokenFromAsync("/login")))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }

        // A copy of the cookie, as a thief would keep it after the browser's is deleted.
        var stolenCookie = browser.Cookies.GetCookieHeader(new Uri(console.BaseUrl));
        Assert.Equal(HttpStatusCode.OK, await StatusOfDashboardAsync(browser.Http));

        // What `tmo-edge-console set-password` stores.
        await users.SetPasswordHashAsync(User, PasswordHasher.Hash(NewPassword), "cli:set-password", CancellationToken.None);

        Assert.Equal(HttpStatusCode.Redirect, await StatusOfDashboardAsync(browser.Http));
        Assert.False(browser.HasSessionCookie);
        using var thief = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(console.BaseUrl) };
        thief.DefaultRequestHeaders.Add("Cookie", stolenCookie);
        Assert.Equal(HttpStatusCode.Redirect, await StatusOfDashboardAsync(thief));

        // The new password signs in again: the refusal above was the stamp, nothing else.
        using var again = await browser.PostLoginAsync(User, NewPassword, await browser.TokenFromAsync("/login"));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await StatusOfDashboardAsync(browser.Http));
    }

    private static async Task<HttpStatusCode> StatusOfDashboardAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/", UriKind.Relative));
        return response.StatusCode;
    }
}
