using Habatan.Infrastructure.Identity;
using Habatan.Members.Identity;
using Habatan.Members.Sessions;

namespace Habatan.Members.Roles;

// Grants a role to the member with an address, creating the member if they never signed in,
// so ops accounts can be prepared before their first sign-in. Revoking one ends every live
// session of the member: their tokens carry the role, so they must go, everywhere at once.
public sealed class RoleGrants(DbSession session, SessionRevocation revocation)
{
    public async Task GrantAsync(string email, string role, string grantedBy, CancellationToken cancellationToken)
    {
        if (!ServiceDefaults.Identity.Roles.All.Contains(role))
            throw new ArgumentException($"Unknown role '{role}'.", nameof(role));
        var address = email.Trim();
        await session.ExecuteAsync(
            """
            WITH m AS (
                INSERT INTO member (public_id, email, email_normalized) VALUES ($1, $2, $3)
                ON CONFLICT (email_normalized) DO UPDATE SET email_normalized = EXCLUDED.email_normalized
                RETURNING id)
            INSERT INTO member_role (member_id, role, granted_by) SELECT id, $4, $5 FROM m
            ON CONFLICT (member_id, role) DO NOTHING
            """,
            cancellationToken,
            PublicIds.New(),
            address,
            address.ToLowerInvariant(),
            role,
            grantedBy
        );
    }

    // Null when nobody has the address. The member's row is locked first, as a sign-in locks it
    // (SignInVerifier), so a sign-in running at the same moment either finishes before and its
    // new session is ended here, or starts after and its token no longer carries the role.
    public async Task<RoleRevocation?> RevokeAsync(string email, string role, CancellationToken cancellationToken)
    {
        await using var find = await session.CommandAsync(
            "SELECT id FROM member WHERE email_normalized = $1 FOR UPDATE",
            cancellationToken
        );
        find.Parameters.Add(new() { Value = email.Trim().ToLowerInvariant() });
        if (await find.ExecuteScalarAsync(cancellationToken) is not long memberId)
            return null;

        var held =
            await session.ExecuteAsync(
                "DELETE FROM member_role WHERE member_id = $1 AND role = $2",
                cancellationToken,
                memberId,
                role
            ) > 0;
        var ended = held ? await revocation.RevokeMemberSessionsAsync(memberId, cancellationToken) : [];
        return new RoleRevocation(held, ended);
    }
}

public sealed record RoleRevocation(bool WasHeld, List<RevokedSession> EndedSessions);
