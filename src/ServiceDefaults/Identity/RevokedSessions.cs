using System.Collections.Concurrent;

namespace Habatan.ServiceDefaults.Identity;

// Sessions signed out before their tokens expire, learned from SessionRevoked messages.
// Entries are dropped once the token would have expired anyway.
public sealed class RevokedSessions(TimeProvider time)
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
}
