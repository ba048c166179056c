using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;

namespace Habatan.Gateway.BrowserSession;

// The gateway accepts the session cookie as the bearer token, and the services never see the
// cookie: upstream, the same token travels as "Authorization: Bearer", so every service checks
// it exactly as it checks an API client's.
internal static class CookieToken
{
    public static IServiceCollection AcceptSessionCookieAsToken(this IServiceCollection services) =>
        services.PostConfigure<JwtBearerOptions>(
            JwtBearerDefaults.AuthenticationScheme,
            options =>
            {
                var validated = options.Events.OnMessageReceived;
                options.Events.OnMessageReceived = async context =>
                {
                    await validated(context);
                    // An explicit Authorization header (API clients, tests) wins over the cookie.
                    if (context.Token is null && !context.Request.Headers.ContainsKey(HeaderNames.Authorization))
                        context.Token = SessionCookies.TokenOf(context.Request);
                };
            }
        );

    public static void ForwardAsBearer(RequestTransformContext context)
    {
        var request = context.HttpContext.Request;
        var headers = context.ProxyRequest.Headers;
        // Cookies are the browser's business with the gateway; no service needs them.
        headers.Remove(HeaderNames.Cookie);
        if (headers.Authorization is not null || request.Headers.ContainsKey(HeaderNames.Authorization))
            return;
        if (SessionCookies.TokenOf(request) is { } token)
            headers.Authorization = new("Bearer", token);
    }
}
