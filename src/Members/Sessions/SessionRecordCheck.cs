using Habatan.Infrastructure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Habatan.Members.Sessions;

// Members holds the record of sessions, so where the shared cache cannot say (Redis down, or
// empty after a restart) Members asks member_session itself rather than refuse: a sign-out or a
// role revocation during a Redis outage is still accepted and recorded, and RevocationSync
// writes it to Redis once Redis is back. Every other validator refuses meanwhile (503).
internal sealed class SessionRecordCheck(RevocationCache cache, NpgsqlDataSource dataSource) : ISessionCheck
{
    public async ValueTask<SessionState> CheckAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var cached = await cache.CheckAsync(sessionId, cancellationToken);
        if (cached != SessionState.Unverifiable)
            return cached;
        await using var command = dataSource.CreateCommand(
            "SELECT revoked_at IS NULL AND expires_at > now() FROM member_session WHERE id = $1"
        );
        command.Parameters.Add(new() { Value = sessionId });
        // A session this database never issued is no session.
        return await command.ExecuteScalarAsync(cancellationToken) is true ? SessionState.Valid : SessionState.Revoked;
    }

    public static void ReplaceCheck(IServiceCollection services)
    {
        if (services.All(s => s.ServiceType != typeof(RevocationCache)))
            return; // no shared state: the per-process list fed by messages is the check
        services.Replace(ServiceDescriptor.Singleton<ISessionCheck, SessionRecordCheck>());
    }
}
