using StackExchange.Redis;

namespace Habatan.Infrastructure.SharedState;

// Whether an exception from a call to the shared Redis means the store failed, so the caller
// does without it as it says (a bucket of its own, 503 for a session nobody can check, a write
// left to RevocationSync). One rule for every caller: the client's own errors (RedisException),
// timeouts (RedisTimeoutException is a TimeoutException, as is WaitAsync's at RequestPatience),
// and a command the client cancelled itself. The last came as a TaskCanceledException from a
// rate-limit script while a loaded machine restarted the broker, and the gateway answered a
// sign-in with 500. A cancellation the caller asked for is the caller's and is not a failure.
public static class SharedStateFailure
{
    public static bool Is(Exception exception, CancellationToken caller) =>
        exception is RedisException or TimeoutException
        || exception is OperationCanceledException && !caller.IsCancellationRequested;
}
