using Habatan.Gateway.Identity;
using Habatan.Gateway.RateLimiting;
using Habatan.Infrastructure;
using Habatan.Infrastructure.Identity;
using Habatan.ServiceDefaults.Identity;
using Yarp.ReverseProxy.Transforms;

namespace Habatan.Gateway;

internal static class Extensions
{
    // Routes live in configuration (ReverseProxy section), each with the authorization policy and
    // rate limit that guard it; destinations are names that Aspire's service discovery resolves.
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        builder.AddTokenAuthentication();
        builder.Services.AddGatewayRateLimits(builder.Configuration);

        // Sign-outs reach the gateway as messages, so a revoked token stops here at once.
        var broker = builder.Configuration.GetConnectionString(ServiceHostingExtensions.BrokerConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ServiceHostingExtensions.BrokerConnectionName} is not configured.");
        builder.Services.AddBrokerListener(new Uri(broker), bus => bus.AddSessionRevokedConsumer());

        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(context => context.AddRequestTransform(transform =>
            {
                IdentityHeaders.Replace(transform);
                return ValueTask.CompletedTask;
            }))
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }
}
