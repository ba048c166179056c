using Yarp.ReverseProxy.Transforms;

namespace Habatan.Gateway.Identity;

// Services must never learn who the caller is from something the caller wrote. Every identity
// header a client sends is dropped; the gateway then adds its own from the verified token.
internal static class IdentityHeaders
{
    public const string Subject = "X-Habatan-Subject";
    public const string Roles = "X-Habatan-Roles";
    private const string OwnPrefix = "X-Habatan-";

    // Headers that other proxies and frameworks treat as identity; none may pass from a client.
    private static readonly string[] Spoofable =
    [
        "X-User",
        "X-User-Id",
        "X-UserId",
        "X-User-Email",
        "X-Remote-User",
        "X-Forwarded-User",
        "X-Forwarded-Email",
        "X-Auth-Request-User",
        "X-Auth-Request-Email",
        "X-Authenticated-User",
        "X-Authenticated-Userid",
        "X-Member-Id",
        "X-Subject",
        "X-Roles",
        "X-Ms-Client-Principal",
        "X-Ms-Client-Principal-Id",
        "X-Ms-Client-Principal-Name",
        "Remote-User",
    ];

    public static void Replace(RequestTransformContext context)
    {
        var headers = context.ProxyRequest.Headers;
        foreach (var name in headers.Select(h => h.Key).Where(IsIdentityHeader).ToList())
            headers.Remove(name);

        var user = context.HttpContext.User;
        if (user.Identity?.IsAuthenticated != true)
            return;
        headers.Add(Subject, user.FindFirstValue(TokenParameters.SubjectClaim));
        headers.Add(Roles, string.Join(',', user.FindAll(TokenParameters.RoleClaim).Select(c => c.Value)));
    }

    private static bool IsIdentityHeader(string name) =>
        name.StartsWith(OwnPrefix, StringComparison.OrdinalIgnoreCase)
        || Spoofable.Contains(name, StringComparer.OrdinalIgnoreCase);
}
