using Habatan.ServiceDefaults.OpenApi;
using Scalar.AspNetCore;

namespace Habatan.Gateway.ApiReference;

// /ops/api/: Scalar's reference over each service's document, fetched through the gateway's
// routes ("<service>-openapi" in appsettings.json), and the gateway's own (browser session).
internal static class ApiReferenceApi
{
    public const string Path = "/ops/api";
    public const string DocumentsPath = Path + "/openapi";

    private static readonly (string Name, string Title)[] Documents =
    [
        ("applications", "Applications"),
        ("members", "Members"),
        ("notifications", "Notifications"),
        ("gateway", "Gateway"),
    ];

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi($"{DocumentsPath}/gateway.json").RequireAuthorization(ApiReferenceAccess.Policy);
        app.MapScalarApiReference(
                Path,
                options =>
                {
                    options
                        .WithTitle("Habatan API")
                        .WithNonce()
                        .DisableDefaultFonts()
                        .DisableTelemetry()
                        .DisableAgent()
                        .DisableMcp();
                    foreach (var (name, title) in Documents)
                        options.AddDocument(
                            name,
                            title,
                            $"{DocumentsPath}/{name}.json",
                            isDefault: name == "applications"
                        );
                }
            )
            .RequireAuthorization(ApiReferenceAccess.Policy);
        return app;
    }

    // Scalar's page runs its own inline module (allowed by a per-response nonce, never by
    // 'unsafe-inline') and its components set styles at run time, which only 'unsafe-inline'
    // for styles allows. Everything else stays as strict as the portal's policy.
    public static string? ContentSecurityPolicy(HttpContext http) =>
        http.Request.Path.StartsWithSegments(Path) && http.Items[ScalarOptions.NonceHttpContextItemKey] is string nonce
            ? $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
                + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
            : null;
}
