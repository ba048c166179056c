using System.Collections.Concurrent;

namespace Habatan.ServiceDefaults.Identity;

// Sessions signed out before their tokens expire, learned from SessionRevoked messages.
// Entries are dropped once the token would have expired anyway. This process's own list: the
// whole check where no shared state is configured (one replica, tests); in front of the shared
// revocation cache otherwise, which alone also knows what happened before this replica started.
public sealed class RevokedSessions(TimeProvider time) : ISessionCheck
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _revoked = new();

    public void Revoke(Guid sessionId, DateTimeOffset tokenExpiresAt)
    {
        _revoked[sessionId] = tokenExpiresAt;
        var now = time.GetUtcNow();
        foreach (var (id, expires) in _revoked)
        {
            if (expires < now)
                _revoked.TryRemove(id, out _);
        }
    }

    public bool IsRevoked(Guid sessionId) => _revoked.ContainsKey(sessionId);

    public ValueTask<SessionState> CheckAsync(Guid sessionId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(IsRevoked(sessionId) ? SessionState.Revoked : SessionState.Valid);
}
