using System.Net;
using Habatan.Infrastructure.Http;
using Microsoft.AspNetCore.Http;

namespace Habatan.Infrastructure.Tests.Http;

// What a service behind the gateway keys per-client limits on (Members' code limit).
public sealed class ClientAddressTests
{
    [Fact]
    public void TheAddressTheGatewayNamedIsTheClients()
    {
        var http = Request(socket: "10.0.0.5", header: "198.51.100.1");
        Assert.Equal("198.51.100.1", ClientAddress.Of(http));
    }

    [Fact]
    public void ForwardedForIsNotReadHere()
    {
        // Only the gateway decides which X-Forwarded-For to believe; a service never does.
        var http = Request(socket: "10.0.0.5", header: null);
        http.Request.Headers["X-Forwarded-For"] = "203.0.113.9";
        Assert.Equal("10.0.0.5", ClientAddress.Of(http));
    }

    [Fact]
    public void AHeaderThatIsNoAddressCountsAsNone()
    {
        var http = Request(socket: "10.0.0.5", header: "198.51.100.1, 203.0.113.9");
        Assert.Equal("10.0.0.5", ClientAddress.Of(http));
    }

    private static DefaultHttpContext Request(string socket, string? header)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(socket);
        if (header is not null)
            http.Request.Headers[ClientAddress.Header] = header;
        return http;
    }
}
