using System.Net;
using Microsoft.AspNetCore.Http;

namespace Habatan.Infrastructure.Http;

// The address of the person's device, as the gateway established it: from the socket, or from
// X-Forwarded-For where the socket is a proxy the gateway was told to trust. The gateway drops
// any copy of this header a client sends (every X-Habatan-* header) and sets its own, so a
// service behind it keys per-client limits on the person, not on the gateway or a load balancer.
public static class ClientAddress
{
    public const string Header = "X-Habatan-Client-Address";

    // Services are reachable only through the gateway; without it (a test calling a service
    // directly) the socket's address is the caller's.
    public static string? Of(HttpContext http) =>
        IPAddress.TryParse(http.Request.Headers[Header].ToString(), out var forwarded)
            ? forwarded.ToString()
            : http.Connection.RemoteIpAddress?.ToString();
}
