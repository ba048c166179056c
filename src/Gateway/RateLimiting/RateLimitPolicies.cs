using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Habatan.Gateway.RateLimiting;

// Named in the YARP routes ("RateLimiterPolicy"): sign-in per client address, submissions per
// signed-in member. Limits come from "RateLimits:<policy>" so operations can tune them.
internal static class RateLimitPolicies
{
    public const string SignIn = "sign-in";
    public const string Submission = "submission";

    public static IServiceCollection AddGatewayRateLimits(
        this IServiceCollection services,
        IConfiguration configuration
    )
    {
        services.AddSharedBuckets(configuration);
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(
                SignIn,
                http =>
                    FixedWindow(
                        http,
                        SignIn,
                        http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        configuration.GetSection($"RateLimits:{SignIn}"),
                        permits: 10
                    )
            );
            options.AddPolicy(
                Submission,
                http =>
                    FixedWindow(
                        http,
                        Submission,
                        http.User.FindFirstValue(TokenParameters.SubjectClaim)
                            ?? http.Connection.RemoteIpAddress?.ToString()
                            ?? "unknown",
                        configuration.GetSection($"RateLimits:{Submission}"),
                        permits: 10
                    )
            );
            options.OnRejected = async (context, cancellationToken) =>
            {
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(
                        System.Globalization.CultureInfo.InvariantCulture
                    );
                await TypedResults
                    .Problem(
                        title: "アクセスが集中しています。",
                        detail: "少し時間をおいてから、もう一度お試しください。",
                        statusCode: StatusCodes.Status429TooManyRequests
                    )
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> FixedWindow(
        HttpContext http,
        string policy,
        string key,
        IConfiguration limits,
        int permits
    )
    {
        var local = new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.GetValue("PermitLimit", permits),
            Window = limits.GetValue("Window", TimeSpan.FromMinutes(1)),
            QueueLimit = 0,
        };
        var redis = http.RequestServices.GetService<IConnectionMultiplexer>();
        if (redis is null)
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => local);

        // The policy is part of the Redis key: sign-in and submission buckets never mix.
        return RateLimitPartition.Get(
            key,
            _ => new SharedOrLocalLimiter(
                SharedBuckets.Limiter($"habatan:{policy}:{key}", local.PermitLimit, local.Window, redis),
                new FixedWindowRateLimiter(local),
                redis
            )
        );
    }
}
