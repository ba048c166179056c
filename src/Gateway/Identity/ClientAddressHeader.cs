using Habatan.Infrastructure.Http;
using Yarp.ReverseProxy.Transforms;

namespace Habatan.Gateway.Identity;

// Tells the service behind the gateway who the client is, as the gateway established it
// (TrustedProxies). Any copy the client sent was already dropped with the identity headers.
internal static class ClientAddressHeader
{
    public static void Set(RequestTransformContext context) => Set(context.HttpContext, context.ProxyRequest);

    public static void Set(HttpContext caller, HttpRequestMessage request)
    {
        request.Headers.Remove(ClientAddress.Header);
        if (caller.Connection.RemoteIpAddress is { } address)
            request.Headers.Add(ClientAddress.Header, address.ToString());
    }
}
