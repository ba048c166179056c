using Habatan.Members.Identity;

namespace Habatan.Members.Roles;

// Grants a role to the member with an address, creating the member if they never signed in,
// so ops accounts can be prepared before their first sign-in.
public sealed class RoleGrants(DbSession session)
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
}
