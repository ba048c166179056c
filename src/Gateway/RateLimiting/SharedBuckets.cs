using System.Threading.RateLimiting;
using Habatan.Infrastructure.SharedState;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Habatan.Gateway.RateLimiting;

// With ConnectionStrings:sharedstate (a Redis) set, every gateway replica counts rate limits in the same Redis;
// without it each replica counts alone (one replica, or tests). Redis holds nothing that must
// survive: a lost bucket only starts a fresh window.
public static class SharedBuckets
{
    public const string ConnectionName = SharedStateConnection.Name;

    public static IServiceCollection AddSharedBuckets(this IServiceCollection services, IConfiguration configuration)
    {
        // Without Redis the limits still hold per replica (SharedOrLocalLimiter): degraded only.
        services.AddSharedStateConnection(configuration);
        return services;
    }

    public static RateLimiter Limiter(string key, int permits, TimeSpan window, IConnectionMultiplexer redis) =>
        new RedisFixedWindowRateLimiter<string>(
            key,
            new RedisFixedWindowRateLimiterOptions
            {
                ConnectionMultiplexerFactory = () => redis,
                PermitLimit = permits,
                Window = window,
            }
        );
}
