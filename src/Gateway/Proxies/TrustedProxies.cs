using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Habatan.Gateway.Proxies;

// Behind a load balancer every connection comes from the balancer. Its X-Forwarded-For and
// X-Forwarded-Proto are believed only when the connection comes from an address or network
// listed under ForwardedHeaders:KnownProxies / ForwardedHeaders:KnownNetworks (none by default,
// not even loopback), so a client cannot name itself someone else, nor claim https. Then the
// connection's address is the person's (rate limits, Members' code limit) and the request's
// scheme is https where TLS ended at the balancer (Secure cookies, HSTS).
internal static class TrustedProxies
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? [];
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in networks)
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            // Walk back through every trusted hop; the first address that is not one is the client.
            options.ForwardLimit = null;
            // A balancer that sends X-Forwarded-For without X-Forwarded-Proto still names the client.
            options.RequireHeaderSymmetry = false;
        });
        return services;
    }
}
