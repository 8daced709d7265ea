using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Console.Security;
using Tmo.Edge.Data.Users;

namespace Tmo.Edge.Console.BrowserTests.Security;

/// <summary>The login form does not tell a stranger which account names exist.</summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class AccountDisclosureTests(ConsoleUnderTest console)
{
    [Fact]
    public async Task An_unknown_user_and_a_wrong_password_get_the_same_answer()
    {
        const string user = "disclosure-test";
        await console.Storage.GetRequiredService<ConsoleUserStore>()
            .SetPasswordHashAsync(user, PasswordHasher.Hash("disclosure-test-password"), "test", CancellationToken.None);
        using var form = new LoginForm(console.BaseUrl);

        using var wrongPassword = await form.PostLoginAsync(user, "not-the-password", await form.TokenFromAsync("/login"));
        using var unknownUser = await form.PostLoginAsync("no-such-account", "not-the-password", await form.TokenFromAsync("/login"));

        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        Assert.Equal(wrongPassword.StatusCode, unknownUser.StatusCode);
        var answer = await PageAsync(wrongPassword);
        Assert.Contains("Wrong user or password.", answer, StringComparison.Ordinal);
        Assert.Equal(answer, await PageAsync(unknownUser));
    }

    /// <summary>
    /// The page as the server answered, less what it encrypts afresh for every page (the antiforgery token and the
    /// persisted component state, data-protection payloads that all begin "CfDJ8").
    /// </summary>
    private static async Task<string> PageAsync(HttpResponseMessage response) =>
        ProtectedPayload().Replace(await response.Content.ReadAsStringAsync(), "(protected)");

    [GeneratedRegex("CfDJ8[A-Za-z0-9+/=_-]+")]
    private static partial Regex ProtectedPayload();
}
