namespace Habatan.Members.Entitlements;

internal static class MemberKeys
{
    // The internal key of a member named by public id (a message's MemberId, the token subject).
    public static async Task<long?> InternalIdAsync(
        DbSession session,
        string publicId,
        CancellationToken cancellationToken
    )
    {
        await using var command = await session.CommandAsync(
            "SELECT id FROM member WHERE public_id = $1",
            cancellationToken
        );
        command.Parameters.Add(new() { Value = publicId });
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }
}

// Member ids in these messages are random public ids, not personal data; they may be logged.
public sealed class MemberNotFoundException(string memberId) : Exception($"No member with public id {memberId}.");

public sealed class EntitlementNotFoundException(string memberId, string campaignCode)
    : Exception($"Member {memberId} has no entitlement in campaign {campaignCode}.");
