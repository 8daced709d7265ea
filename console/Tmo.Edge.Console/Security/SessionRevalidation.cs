using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Tmo.Edge.Console.Security;

/// <summary>
/// The cookie is checked only on HTTP requests, and an interactive page lives on in its circuit's WebSocket after its
/// last one: this checks the circuit's session again every minute, and the page then sends the browser to the login
/// form (whose request no longer passes <see cref="SessionCookieEvents"/>).
/// </summary>
public sealed class SessionRevalidation(SessionValidator sessions, ILoggerFactory loggers) : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    /// <summary>Called for signed-in circuits only (the base class skips anonymous ones).</summary>
    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        return sessions.IsCurrentAsync(authenticationState.User, cancellationToken);
    }
}
