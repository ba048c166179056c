using System.Globalization;
using Habatan.Infrastructure.SharedState;
using Habatan.ServiceDefaults.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Habatan.Infrastructure.Identity;

// Revoked sessions in the shared Redis, read by every replica of the gateway and of each service
// on every signed-in request (one round trip), so a sign-out anywhere is refused everywhere at
// once, also by a replica started afterwards. Members' member_session.revoked_at is the record;
// Members writes each revocation here and writes them all again when Redis has lost them
// (RevocationSync), then sets the "synced" mark. No mark (an empty Redis after a restart) or no
// Redis at all means nobody can tell a signed-out session from a live one: Unverifiable (503).
public sealed class RevocationCache(IConnectionMultiplexer redis, RevokedSessions local, TimeProvider time)
    : ISessionCheck
{
    public const string SyncedKey = "habatan:revocations:synced";

    // A key outlives its token by the validators' clock skew, so no late check finds it gone.
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);

    public static RedisKey KeyOf(Guid sessionId) => $"habatan:revoked:{sessionId:N}";

    public bool IsConnected => redis.IsConnected;

    public async ValueTask<SessionState> CheckAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        // What this replica heard by message is certain; no round trip needed.
        if (local.IsRevoked(sessionId))
            return SessionState.Revoked;
        // Not connected: answer at once rather than make every request wait for a timeout.
        if (!redis.IsConnected)
            return SessionState.Unverifiable;
        try
        {
            var values = await redis
                .GetDatabase()
                .StringGetAsync([KeyOf(sessionId), SyncedKey])
                .WaitAsync(SharedStateConnection.RequestPatience, time, cancellationToken);
            if (!values[0].IsNull)
                return SessionState.Revoked;
            return values[1].IsNull ? SessionState.Unverifiable : SessionState.Valid;
        }
        catch (Exception ex) when (SharedStateFailure.Is(ex, cancellationToken))
        {
            return SessionState.Unverifiable;
        }
    }

    // Each key expires with its token; sessions already expired are left out.
    public async Task WriteAsync(IEnumerable<RevokedSession> sessions)
    {
        var now = time.GetUtcNow();
        var database = redis.GetDatabase();
        var writes = sessions
            .Where(s => s.TokenExpiresAt + Skew > now)
            .Select(s => database.StringSetAsync(KeyOf(s.SessionId), "1", s.TokenExpiresAt + Skew - now))
            .ToList();
        await Task.WhenAll(writes);
    }

    public async Task<bool> IsSyncedAsync() => await redis.GetDatabase().KeyExistsAsync(SyncedKey);

    public Task MarkSyncedAsync() =>
        redis.GetDatabase().StringSetAsync(SyncedKey, time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
}

public sealed record RevokedSession(Guid SessionId, DateTimeOffset TokenExpiresAt);

public static class RevocationCacheRegistration
{
    // After AddTokenAuthentication: with a shared state, the cache answers every session check.
    public static IHostApplicationBuilder AddRevocationCache(this IHostApplicationBuilder builder)
    {
        if (!builder.Services.AddSharedStateConnection(builder.Configuration))
            return builder;
        builder.Services.AddSingleton<RevocationCache>();
        builder.Services.Replace(
            ServiceDescriptor.Singleton<ISessionCheck>(sp => sp.GetRequiredService<RevocationCache>())
        );
        return builder;
    }
}
