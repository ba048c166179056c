using System.Diagnostics;
using System.Net;
using Habatan.Infrastructure.Identity;
using Habatan.ServiceDefaults.Identity;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Habatan.Gateway.Tests.SharedState;

// A Redis that stalls for seconds (its process stopped, its sockets open) is what a loaded
// machine looks like to its clients. Each request waits a moment, then does without: sign-in
// counts in the replica's own bucket, a signed-in request gets 503; none gets a 500. And the
// replicas stay connected, so requests pass again as soon as Redis answers: the CI run of
// stop 25 lost every signed-in request for a while when a 4 s stall made the replicas drop
// their connections.
[Collection(GatewayCollection.Name)]
public sealed class RedisStallTests(TwoGatewaysFixture gateways) : IClassFixture<TwoGatewaysFixture>
{
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task AStallingRedisCostsARequestAMomentNeverA500AndNoReplicaLetsGoOfIt()
    {
        Assert.True(await gateways.BothConnectedAsync(TimeSpan.FromSeconds(30)));
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(gateways.Redis.ConnectionString))
            await new RevocationCache(
                redis,
                new RevokedSessions(TimeProvider.System),
                TimeProvider.System
            ).MarkSyncedAsync();
        var token = gateways.Tokens.For(TestTokens.NewSubject());
        using var member = gateways.First.ClientFrom("127.0.0.1");
        using var anyone = gateways.Second.ClientFrom("127.0.0.8");
        Assert.Equal(HttpStatusCode.Accepted, await GatewayCalls.MeAsync(member, token));

        var stalled = Stopwatch.StartNew();
        gateways.Redis.Pause();
        var health = new List<HealthStatus>();
        try
        {
            // Each within the request's patience and some load, never the client's 5 s timeout.
            var clock = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await GatewayCalls.MeAsync(member, token));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"the signed-in call took {clock.Elapsed}");
            clock.Restart();
            Assert.Equal(HttpStatusCode.Accepted, await GatewayCalls.RequestCodeAsync(anyone));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"the sign-in call took {clock.Elapsed}");
            while (stalled.Elapsed < Stall)
            {
                // Commands keep timing out meanwhile, as under load.
                Assert.Equal(HttpStatusCode.ServiceUnavailable, await GatewayCalls.MeAsync(member, token));
                health.Add(await gateways.First.HealthOfAsync("sharedstate"));
                health.Add(await gateways.Second.HealthOfAsync("sharedstate"));
                await Task.Delay(250);
            }
        }
        finally
        {
            gateways.Redis.Resume();
        }

        Assert.All(health, h => Assert.Equal(HealthStatus.Healthy, h));
        Assert.True(
            await Eventually.HoldsAsync(
                async () => await GatewayCalls.MeAsync(member, token) == HttpStatusCode.Accepted,
                TimeSpan.FromSeconds(2)
            ),
            "Signed-in requests did not pass within 2 s of Redis answering again."
        );
    }
}
