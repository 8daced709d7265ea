using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Tmo.Edge.Console.Security;

/// <summary>
/// Checks the session cookie's security stamp on every request, with no cache: a primary-key read of a small table
/// costs little next to rendering a page, and a password change then takes effect at the next request, not after an
/// interval. A stale cookie is refused and deleted, so the visitor is sent to the login form.
/// </summary>
public sealed class SessionCookieEvents(SessionValidator sessions) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Principal is { } principal && await sessions.IsCurrentAsync(principal, context.HttpContext.RequestAborted))
        {
            return;
        }

        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
