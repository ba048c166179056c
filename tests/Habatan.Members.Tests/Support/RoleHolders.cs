namespace Habatan.Members.Tests.Support;

// A new member holding one role (withdrawn or not), written straight to the tables; returns the public id.
public static class RoleHolders
{
    public static async Task<string> AddAsync(MembersService service, string role, bool withdrawn = false)
    {
        var publicId = Guid.NewGuid().ToString("N");
        await service.ScalarAsync(
            """
            WITH m AS (
                INSERT INTO member (public_id, email, email_normalized, withdrawn_at)
                VALUES ($1, $2, $2, CASE WHEN $3 THEN now() END)
                RETURNING id)
            INSERT INTO member_role (member_id, role, granted_by) SELECT id, $4, 'test' FROM m
            """,
            publicId,
            $"{publicId}@example.com",
            withdrawn,
            role
        );
        return publicId;
    }
}
