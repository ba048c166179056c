using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Habatan.Infrastructure.Identity;
using Habatan.ServiceDefaults.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Habatan.Gateway.Tests.Identity;

// A session signed out anywhere is refused by every gateway replica within a second, also by
// one started afterwards; while nobody can tell (Redis down, or empty after a restart) signed-in
// requests are refused with a 503, never let through. The test writes the revocation cache as
// Members does (RevocationCache), since here a RecordingBackend stands in for Members.
[Collection(GatewayCollection.Name)]
public sealed class RevocationAcrossReplicasTests(TwoGatewaysFixture gateways, ITestOutputHelper output)
    : IClassFixture<TwoGatewaysFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ASignedOutSessionIsRefusedByEveryReplicaWithinOneSecond()
    {
        await using var redis = await ConnectedAsync();
        var cache = new RevocationCache(redis, new RevokedSessions(TimeProvider.System), TimeProvider.System);
        await cache.MarkSyncedAsync();
        var token = gateways.Tokens.For(TestTokens.NewSubject());
        var other = gateways.Tokens.For(TestTokens.NewSubject());
        Assert.Equal(HttpStatusCode.Accepted, await MeAsync(gateways.First, token));
        Assert.Equal(HttpStatusCode.Accepted, await MeAsync(gateways.Second, token));

        var clock = Stopwatch.StartNew();
        await cache.WriteAsync([new RevokedSession(SessionOf(token), DateTimeOffset.UtcNow.AddMinutes(30))]);
        var refusedFirst = await RefusedWithinAsync(gateways.First, token, clock);
        var refusedSecond = await RefusedWithinAsync(gateways.Second, token, clock);

        output.WriteLine(
            $"refused after {refusedFirst.TotalMilliseconds:F0} ms and {refusedSecond.TotalMilliseconds:F0} ms"
        );
        Assert.True(refusedFirst < TimeSpan.FromSeconds(1), $"first replica refused after {refusedFirst}");
        Assert.True(refusedSecond < TimeSpan.FromSeconds(1), $"second replica refused after {refusedSecond}");
        await using var later = gateways.Start();
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(later, token));
        // Only that session: everyone else goes on.
        Assert.Equal(HttpStatusCode.Accepted, await MeAsync(later, other));
        Assert.Equal(HttpStatusCode.Accepted, await MeAsync(gateways.First, other));
    }

    [Fact]
    public async Task WithoutTheRevocationCacheSignedInRequestsAreRefusedNotLetThrough()
    {
        var token = gateways.Tokens.For(TestTokens.NewSubject());
        using var anyone = gateways.First.ClientFrom("127.0.0.7");
        await gateways.Redis.StopAsync();
        try
        {
            Assert.True(
                await Eventually.HoldsAsync(
                    async () => await MeAsync(gateways.First, token) == HttpStatusCode.ServiceUnavailable,
                    Patience
                )
            );
            var clock = Stopwatch.StartNew();
            using var refused = await MeResponseAsync(gateways.Second, token);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the refusal took {clock.Elapsed}");
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Contains("サインイン状態を確認できません", await refused.Content.ReadAsStringAsync());
            // What needs no session still works.
            using var code = await anyone.PostAsync(
                "/api/members/sign-in/code",
                new StringContent("""{"email":"someone@example.jp"}""", MediaTypeHeaderValue.Parse("application/json"))
            );
            Assert.Equal(HttpStatusCode.Accepted, code.StatusCode);
        }
        finally
        {
            await gateways.Redis.StartAsync();
        }

        // Back, but empty: until Members has written the revocations again, still refused.
        await using var redis = await ConnectedAsync();
        Assert.True(
            await Eventually.HoldsAsync(
                async () => await MeAsync(gateways.First, token) == HttpStatusCode.ServiceUnavailable,
                Patience
            )
        );
        await new RevocationCache(
            redis,
            new RevokedSessions(TimeProvider.System),
            TimeProvider.System
        ).MarkSyncedAsync();
        Assert.Equal(HttpStatusCode.Accepted, await MeAsync(gateways.First, token));
    }

    private async Task<ConnectionMultiplexer> ConnectedAsync()
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(gateways.Redis.ConnectionString);
        // The replicas may still be reconnecting after another test cut Redis.
        Assert.True(await gateways.BothConnectedAsync(Patience));
        return redis;
    }

    private static async Task<TimeSpan> RefusedWithinAsync(GatewayInstance gateway, string token, Stopwatch clock)
    {
        while (clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            if (await MeAsync(gateway, token) == HttpStatusCode.Unauthorized)
                return clock.Elapsed;
            await Task.Delay(20);
        }
        return TimeSpan.MaxValue;
    }

    private static Guid SessionOf(string token) =>
        Guid.Parse(new JsonWebToken(token).GetClaim(TokenParameters.SessionClaim).Value);

    private static async Task<HttpStatusCode> MeAsync(GatewayInstance gateway, string token)
    {
        using var response = await MeResponseAsync(gateway, token);
        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> MeResponseAsync(GatewayInstance gateway, string token)
    {
        using var client = gateway.ClientFrom("127.0.0.1");
        return await GatewayCalls.MeResponseAsync(client, token);
    }
}
