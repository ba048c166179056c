using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Habatan.ServiceDefaults.Input;

// The input rules every host takes, the gateway and each service alike (docs/input-rules.md).
public static class InputRulesExtensions
{
    public static IServiceCollection AddInputRules(this IServiceCollection services)
    {
        services.AddExceptionHandler<UnreadableRequestHandler>();
        // Bad bodies and parameters reach the handler in every environment, not only in
        // Development, so the answer never depends on where the host runs.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(options => InputTextJson.Apply(options.SerializerOptions));
        // AllowedHostsCheck applies AllowedHosts with a problem detail in Japanese; the framework's
        // filter, which reads the same setting, lets everything through to it.
        services.PostConfigure<HostFilteringOptions>(options => options.AllowedHosts = ["*"]);
        return services;
    }

    // First the host, then (routing has matched by then) the texts in the address.
    public static IApplicationBuilder UseInputRules(this IApplicationBuilder app) =>
        app.UseMiddleware<AllowedHostsCheck>().UseMiddleware<AddressTextCheck>();
}
