namespace Habatan.ServiceDefaults.Http;

// What a 503 tells the caller when a store every request needs cannot be asked right now (the
// session state in Redis, a service's database): come back in this many seconds (Retry-After).
// One figure for both, so the portal and every client wait the same way whichever store it was.
public static class ServiceUnavailable
{
    public const string RetryAfterSeconds = "5";
}
