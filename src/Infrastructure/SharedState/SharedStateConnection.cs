using Habatan.Infrastructure.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Habatan.Infrastructure.SharedState;

// The Redis every replica shares ("ConnectionStrings:sharedstate"): the gateway's rate-limit
// buckets and everyone's revocation cache. Without the setting (one process, most tests) there
// is no connection and each user of it falls back as it says. Nothing in it must survive a
// restart; what must (revocations) is written again from PostgreSQL.
public static class SharedStateConnection
{
    public const string Name = "sharedstate";

    // How long a request waits for Redis before it does without (a bucket of its own, or 503
    // for a session nobody can check): short, so a slow Redis never holds the 9:00 queue.
    public static readonly TimeSpan RequestPatience = TimeSpan.FromSeconds(1);

    // True when a shared state is configured; registers the connection and its health check once.
    public static bool AddSharedStateConnection(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(Name);
        if (string.IsNullOrWhiteSpace(connectionString))
            return false;
        if (services.Any(s => s.ServiceType == typeof(IConnectionMultiplexer)))
            return true;

        services.TryAddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(connectionString);
            // Start and stay up without Redis.
            options.AbortOnConnectFail = false;
            // The client's own timeouts judge the connection, not a request: it drops a socket
            // that read nothing for four command timeouts while a command timed out. At 1 s, a
            // 4 s stall of a loaded machine cut every replica off Redis and every signed-in
            // request answered 503 until they had reconnected (CI, stop 25). A request waits
            // RequestPatience instead, then does without.
            options.ConnectTimeout = 5000;
            options.SyncTimeout = 5000;
            options.AsyncTimeout = 5000;
            // The client's default scheduler keeps its own threads that spin while they wait for
            // work: a CPU profile of Applications at the 9:00 rush (issue #19) spent 39% of the
            // service's CPU there on 2 cores. The shared thread pool does the same work for less.
            options.SocketManager = SocketManager.ThreadPool;
            return ConnectionMultiplexer.Connect(options);
        });
        // Degraded, not Unhealthy: every replica shares the one Redis, so taking a replica out of
        // rotation would not help; what each user does meanwhile is its own (see the docs).
        services
            .AddHealthChecks()
            .AddCheck<RedisConnectedCheck>(Name, HealthStatus.Degraded, ["ready", DegradingChecks.Tag]);
        return true;
    }
}

internal sealed class RedisConnectedCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(
            redis.IsConnected
                ? HealthCheckResult.Healthy()
                : new HealthCheckResult(
                    context.Registration.FailureStatus,
                    "Redis is not connected: rate limits count per replica, signed-in requests are refused (503)."
                )
        );
}
