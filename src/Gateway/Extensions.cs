namespace Habatan.Gateway;

internal static class Extensions
{
    // Routes live in configuration (ReverseProxy section), each /api/<service> prefix to the
    // service of that name; destinations are names that Aspire's service discovery resolves.
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }
}
