namespace Habatan.Contracts.SignIn;

// A member signed out: tokens of this session are refused from now on, until they expire.
public sealed record SessionRevoked(Guid SessionId, DateTimeOffset TokenExpiresAt);
