using Habatan.Contracts.SignIn;
using Habatan.Infrastructure.Identity;
using Habatan.Infrastructure.Outbox;
using Habatan.Infrastructure.SharedState;

namespace Habatan.Members.Sessions;

// Ends sessions before their tokens expire: a sign-out ends one, a revoked role all of the
// member's. member_session.revoked_at is the record (set in the caller's transaction); after the
// commit, Announce tells the revocation cache every replica reads, so the tokens are refused
// everywhere within the round trip. Should that write fail, RevocationSync writes it again.
public sealed partial class SessionRevocation(
    DbSession session,
    IOutbox outbox,
    RevokedSessions local,
    ILogger<SessionRevocation> logger,
    RevocationCache? cache = null
)
{
    public Task<List<RevokedSession>> RevokeSessionAsync(Guid sessionId, CancellationToken cancellationToken) =>
        RevokeAsync("id = $1", sessionId, cancellationToken);

    // Expired sessions need nothing: their tokens are refused anyway.
    public Task<List<RevokedSession>> RevokeMemberSessionsAsync(long memberId, CancellationToken cancellationToken) =>
        RevokeAsync("member_id = $1 AND expires_at > now()", memberId, cancellationToken);

    public async Task AnnounceAsync(IReadOnlyCollection<RevokedSession> revoked)
    {
        foreach (var session in revoked)
            local.Revoke(session.SessionId, session.TokenExpiresAt);
        if (cache is null || revoked.Count == 0)
            return;
        try
        {
            await cache.WriteAsync(revoked);
        }
        catch (Exception ex) when (SharedStateFailure.Is(ex, CancellationToken.None))
        {
            // Recorded in PostgreSQL; while Redis cannot be written it cannot be read either,
            // so validators refuse (503) until RevocationSync has written everything again.
            LogNotWritten(logger, ex, revoked.Count);
        }
    }

    private async Task<List<RevokedSession>> RevokeAsync(string which, object key, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            $"""
            UPDATE member_session SET revoked_at = now()
            WHERE {which} AND revoked_at IS NULL
            RETURNING id, expires_at
            """,
            cancellationToken
        );
        command.Parameters.Add(new() { Value = key });
        var revoked = new List<RevokedSession>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                revoked.Add(new RevokedSession(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }
        // Replicas without a shared state learn it by message (temporary queue per replica).
        foreach (var session in revoked)
            await outbox.PublishAsync(new SessionRevoked(session.SessionId, session.TokenExpiresAt), cancellationToken);
        return revoked;
    }

    [LoggerMessage(LogLevel.Warning, "{Count} revoked sessions not written to the revocation cache yet")]
    private static partial void LogNotWritten(ILogger logger, Exception ex, int count);
}
