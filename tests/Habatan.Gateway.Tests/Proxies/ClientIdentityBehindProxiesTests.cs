using System.Net;
using System.Net.Http.Json;
using Habatan.Infrastructure.Http;

namespace Habatan.Gateway.Tests.Proxies;

// Client identity behind proxies comes only from trusted proxies' forwarded headers. Each test
// uses client addresses of its own, so their rate-limit buckets never meet.
[Collection(GatewayCollection.Name)]
public sealed class ClientIdentityBehindProxiesTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const string CodePath = "/api/members/sign-in/code";

    [Fact]
    public async Task TwoClientsBehindATrustedProxyGetSeparateBuckets()
    {
        using var proxy = gateway.ClientFrom(GatewayFixture.TrustedProxy);

        var first = await StatusesAsync(proxy, GatewayFixture.SignInPermits + 1, _ => "198.51.100.1");
        var second = await StatusesAsync(proxy, 1, _ => "198.51.100.2");

        Assert.All(first.Take(GatewayFixture.SignInPermits), s => Assert.Equal(HttpStatusCode.Accepted, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, first[^1]);
        Assert.Equal([HttpStatusCode.Accepted], second);
        // Members was told who each client is, so its own per-client limit counts them apart too.
        Assert.Equal(GatewayFixture.SignInPermits, Seen("198.51.100.1"));
        Assert.Equal(1, Seen("198.51.100.2"));
    }

    [Fact]
    public async Task AClientForgingForwardedForFromAnUntrustedAddressGainsNothing()
    {
        using var client = gateway.ClientFrom("127.0.0.3");

        // A new made-up address on every call: were it believed, no bucket would ever fill.
        var statuses = await StatusesAsync(
            client,
            GatewayFixture.SignInPermits + 1,
            i => $"203.0.113.{i + 1}",
            forgeClientAddressHeader: true
        );

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(GatewayFixture.SignInPermits, Seen("127.0.0.3"));
        Assert.DoesNotContain(
            gateway.Members.Requests,
            r => r.ClientAddress.StartsWith("203.0.113.", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task TheBrowserSignInTellsMembersTheClientTheProxyNamed()
    {
        using var proxy = gateway.ClientFrom(GatewayFixture.TrustedProxy);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/session/code")
        {
            Content = JsonContent.Create(new { email = "someone@example.jp" }),
        };
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");

        using var response = await proxy.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains(gateway.Members.Requests, r => r.Path == CodePath && r.ClientAddress == "198.51.100.7");
    }

    [Fact]
    public async Task TlsEndedAtATrustedProxyKeepsSecureCookiesAndHsts()
    {
        using var proxy = gateway.ClientFrom(GatewayFixture.TrustedProxy);
        using var client = gateway.ClientFrom("127.0.0.4");

        using var behindProxy = await SignOutAsync(proxy);
        using var forged = await SignOutAsync(client);

        Assert.True(behindProxy.Headers.Contains("Strict-Transport-Security"));
        Assert.All(
            behindProxy.Headers.GetValues("Set-Cookie"),
            c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase)
        );
        // The same claim from a client that is not a trusted proxy changes nothing.
        Assert.False(forged.Headers.Contains("Strict-Transport-Security"));
        Assert.All(
            forged.Headers.GetValues("Set-Cookie"),
            c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase)
        );
    }

    private int Seen(string clientAddress) =>
        gateway.Members.Requests.Count(r => r.Path == CodePath && r.ClientAddress == clientAddress);

    private static async Task<List<HttpStatusCode>> StatusesAsync(
        HttpClient client,
        int count,
        Func<int, string> forwardedFor,
        bool forgeClientAddressHeader = false
    )
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, CodePath)
            {
                Content = JsonContent.Create(new { email = "someone@example.jp" }),
            };
            request.Headers.Add("X-Forwarded-For", forwardedFor(i));
            if (forgeClientAddressHeader)
                request.Headers.Add(ClientAddress.Header, forwardedFor(i));
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }
        return statuses;
    }

    private static async Task<HttpResponseMessage> SignOutAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/session/sign-out");
        request.Headers.Add("X-Forwarded-Proto", "https");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return response;
    }
}
