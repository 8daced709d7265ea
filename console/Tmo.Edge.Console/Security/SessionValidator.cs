using System.Security.Claims;
using Tmo.Edge.Data.Users;

namespace Tmo.Edge.Console.Security;

/// <summary>
/// A session is current while its account exists and still has the security stamp the session was signed in with; a
/// new password gives the account a new stamp, which ends every session signed in with the old one.
/// </summary>
public sealed class SessionValidator(ConsoleUserStore users)
{
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity?.Name is not { } name || ConsoleSession.SecurityStampOf(principal) is not { } stamp)
        {
            return false;
        }

        var account = await users.FindAsync(name, cancellationToken);
        return account is not null && string.Equals(account.SecurityStamp, stamp, StringComparison.Ordinal);
    }
}
