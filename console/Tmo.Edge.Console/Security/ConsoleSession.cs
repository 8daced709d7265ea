using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Tmo.Edge.Console.Security;

/// <summary>What the session cookie says about its user: the name, and the account's security stamp at sign-in.</summary>
public static class ConsoleSession
{
    public const string SecurityStampClaimType = "tmo-edge:security-stamp";

    public static ClaimsPrincipal For(LoginResult.Success login)
    {
        ArgumentNullException.ThrowIfNull(login);
        Claim[] claims = [new(ClaimTypes.Name, login.User), new(SecurityStampClaimType, login.SecurityStamp)];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    public static string? SecurityStampOf(ClaimsPrincipal principal) => principal?.FindFirstValue(SecurityStampClaimType);
}
