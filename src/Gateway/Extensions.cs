using Habatan.Gateway.ApiReference;
using Habatan.Gateway.BrowserSession;
using Habatan.Gateway.Identity;
using Habatan.Gateway.Proxies;
using Habatan.Gateway.RateLimiting;
using Habatan.Infrastructure;
using Habatan.Infrastructure.Http;
using Habatan.Infrastructure.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Http.Resilience;
using Yarp.ReverseProxy.Transforms;

namespace Habatan.Gateway;

internal static class Extensions
{
    // Routes live in configuration (ReverseProxy section), each with the authorization policy and
    // rate limit that guard it; destinations are names that Aspire's service discovery resolves.
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        builder.AddTokenAuthentication();
        builder.AddRevocationCache();
        // Here every route names its policy (checked below), so a path no route serves can be
        // a plain 404 instead of a 401.
        builder.Services.PostConfigure<AuthorizationOptions>(options => options.FallbackPolicy = null);
        RequirePolicyOnEveryRoute(builder.Configuration.GetSection("ReverseProxy:Routes"));
        builder.Services.AddTrustedProxies(builder.Configuration);
        builder.Services.AddGatewayRateLimits(builder.Configuration);
        builder.AddBrowserSession();
        builder.AddApiReferenceAccess();
        var documents = new GatewayDocumentTransform(builder.Configuration);

        // Sign-outs also reach the gateway as messages: the whole check without a shared state.
        var broker =
            builder.Configuration.GetConnectionString(ServiceHostingExtensions.BrokerConnectionName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{ServiceHostingExtensions.BrokerConnectionName} is not configured."
            );
        builder.Services.AddBrokerListener(new Uri(broker), bus => bus.AddSessionRevokedConsumer());

        builder
            .Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(context =>
            {
                context.AddRequestTransform(transform =>
                {
                    IdentityHeaders.Replace(transform);
                    ClientAddressHeader.Set(transform);
                    CookieToken.ForwardAsBearer(transform);
                    return ValueTask.CompletedTask;
                });
                documents.Apply(context);
            })
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }

    // The portal's pages sign in through the gateway, which keeps the token in an HttpOnly cookie.
    private static void AddBrowserSession(this IHostApplicationBuilder builder)
    {
        builder.Services.AcceptSessionCookieAsToken();
        builder.Services.AddHttpClient<MembersSignIn>(
            MembersSignIn.ClientName,
            http => http.BaseAddress = new Uri("http://members")
        );
        // A retried POST could issue a second code or sign in twice; the person can simply retry.
        builder.Services.Configure<HttpStandardResilienceOptions>(
            $"{MembersSignIn.ClientName}-standard",
            options => options.Retry.DisableForUnsafeHttpMethods()
        );
    }

    // Fail at start, not in production traffic: a route without a policy would be open to anyone.
    private static void RequirePolicyOnEveryRoute(IConfigurationSection routes)
    {
        var unguarded = routes
            .GetChildren()
            .Where(r => string.IsNullOrWhiteSpace(r["AuthorizationPolicy"]))
            .Select(r => r.Key)
            .ToList();
        if (unguarded.Count > 0)
            throw new InvalidOperationException(
                $"Every gateway route needs an AuthorizationPolicy (use \"{Policies.Public}\" for public ones); "
                    + $"missing on: {string.Join(", ", unguarded)}."
            );
    }
}
