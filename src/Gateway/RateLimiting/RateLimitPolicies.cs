using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Habatan.Gateway.RateLimiting;

// Named in the YARP routes ("RateLimiterPolicy"): sign-in per client address, submissions per
// signed-in member. Limits come from "RateLimits:<policy>" so operations can tune them.
internal static class RateLimitPolicies
{
    public const string SignIn = "sign-in";
    public const string Submission = "submission";

    public static IServiceCollection AddGatewayRateLimits(this IServiceCollection services,
        IConfiguration configuration)
    {
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(SignIn, http => FixedWindow(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown", configuration.GetSection($"RateLimits:{SignIn}"), permits: 10));
            options.AddPolicy(Submission, http => FixedWindow(
                http.User.FindFirstValue(TokenParameters.SubjectClaim) ?? http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                configuration.GetSection($"RateLimits:{Submission}"), permits: 10));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await TypedResults.Problem(
                    title: "アクセスが集中しています。",
                    detail: "少し時間をおいてから、もう一度お試しください。",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> FixedWindow(string key, IConfiguration limits, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.GetValue("PermitLimit", permits),
            Window = limits.GetValue("Window", TimeSpan.FromMinutes(1)),
            QueueLimit = 0,
        });
}
