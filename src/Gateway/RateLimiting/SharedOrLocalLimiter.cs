using System.Threading.RateLimiting;
using Habatan.Infrastructure.SharedState;
using StackExchange.Redis;

namespace Habatan.Gateway.RateLimiting;

// One bucket for every gateway replica, kept in Redis. While Redis cannot be reached the
// replica falls back to a bucket of its own: sign-in and submissions keep working (a limiter
// outage must not lock the prefecture out at 9:00), and each client is still limited, only
// per replica, so at worst N replicas allow N times the limit, as before there was Redis.
internal sealed class SharedOrLocalLimiter(RateLimiter shared, RateLimiter local, IConnectionMultiplexer redis)
    : RateLimiter
{
    public override TimeSpan? IdleDuration => local.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => local.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        if (!redis.IsConnected)
            return local.AttemptAcquire(permitCount);
        try
        {
            return shared.AttemptAcquire(permitCount);
        }
        catch (Exception ex) when (SharedStateFailure.Is(ex, CancellationToken.None))
        {
            return local.AttemptAcquire(permitCount);
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(
        int permitCount,
        CancellationToken cancellationToken
    )
    {
        // Not connected: no wait for a command timeout on every request.
        if (!redis.IsConnected)
            return await local.AcquireAsync(permitCount, cancellationToken);
        try
        {
            // A slow Redis costs a request at most the patience, then the local bucket decides.
            return await shared
                .AcquireAsync(permitCount, cancellationToken)
                .AsTask()
                .WaitAsync(SharedStateConnection.RequestPatience, cancellationToken);
        }
        catch (Exception ex) when (SharedStateFailure.Is(ex, cancellationToken))
        {
            return await local.AcquireAsync(permitCount, cancellationToken);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            shared.Dispose();
            local.Dispose();
        }
        base.Dispose(disposing);
    }
}
