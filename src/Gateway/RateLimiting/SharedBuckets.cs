using System.Threading.RateLimiting;
using Habatan.Infrastructure.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Habatan.Gateway.RateLimiting;

// With ConnectionStrings:sharedstate (a Redis) set, every gateway replica counts rate limits in the same Redis;
// without it each replica counts alone (one replica, or tests). Redis holds nothing that must
// survive: a lost bucket only starts a fresh window.
public static class SharedBuckets
{
    public const string ConnectionName = "sharedstate";

    public static IServiceCollection AddSharedBuckets(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
            return services;

        services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(connectionString);
            // Start and stay up without Redis; keep a request's wait short when it is slow.
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = 2000;
            options.SyncTimeout = 1000;
            options.AsyncTimeout = 1000;
            return ConnectionMultiplexer.Connect(options);
        });
        // Without Redis the limits still hold per replica (SharedOrLocalLimiter): degraded only.
        services
            .AddHealthChecks()
            .AddCheck<RedisConnectedCheck>(ConnectionName, HealthStatus.Degraded, ["ready", DegradingChecks.Tag]);
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

internal sealed class RedisConnectedCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(
            redis.IsConnected
                ? HealthCheckResult.Healthy()
                : new HealthCheckResult(
                    context.Registration.FailureStatus,
                    "Redis is not connected: rate limits count per replica."
                )
        );
}
