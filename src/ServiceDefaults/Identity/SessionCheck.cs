namespace Habatan.ServiceDefaults.Identity;

// Whether a token's session may still be used. Every validator (the gateway and each service)
// asks this after the signature and lifetime checks pass.
public interface ISessionCheck
{
    ValueTask<SessionState> CheckAsync(Guid sessionId, CancellationToken cancellationToken);
}

public enum SessionState
{
    Valid,
    Revoked,

    // Nobody can say now (the revocation cache is unreachable): the request is refused with a
    // 503, not let through, since a signed-out session must never be usable again.
    Unverifiable,
}
