using Habatan.Gateway.ApiReference;
using Microsoft.Extensions.Primitives;

namespace Habatan.Gateway.Security;

// Every answer from the gateway (pages, assets, proxied API responses, errors) carries these.
// The portal is plain files with scripts and styles of its own origin, so the policy can forbid
// every inline script and style, every other origin, and being framed by anyone. The one
// exception is the API reference's page (ApiReferenceApi says why).
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
        + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(
            (http, next) =>
            {
                // Set when the response starts, so they also cover what a service or an error handler wrote.
                http.Response.OnStarting(() =>
                {
                    var headers = http.Response.Headers;
                    // The API reference's page has a policy of its own (ApiReferenceApi). A service's own policy
                    // (a sandboxed document download) stays beside the portal's: a browser enforces every
                    // policy it is sent, so two can only be stricter than one.
                    var portal = ApiReferenceApi.ContentSecurityPolicy(http) ?? ContentSecurityPolicy;
                    headers.ContentSecurityPolicy =
                        headers.ContentSecurityPolicy.Count == 0
                            ? portal
                            : StringValues.Concat(headers.ContentSecurityPolicy, portal);
                    headers.XContentTypeOptions = "nosniff";
                    headers.XFrameOptions = "DENY";
                    // Page addresses carry no personal data, but other sites need not learn them either.
                    headers["Referrer-Policy"] = "no-referrer";
                    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                    headers["Cross-Origin-Opener-Policy"] = "same-origin";
                    if (http.Request.IsHttps)
                        headers.StrictTransportSecurity = "max-age=31536000";
                    // API answers hold personal data: no browser or proxy cache may keep them.
                    if (http.Request.Path.StartsWithSegments("/api"))
                        headers.CacheControl = "no-store";
                    return Task.CompletedTask;
                });
                return next(http);
            }
        );
}
