using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Habatan.Gateway.Tests.RateLimiting;

// A client's sign-in bucket is one across every gateway replica; without Redis each replica
// still limits on its own. Each test connects from a loopback address of its own.
[Collection(GatewayCollection.Name)]
public sealed class SharedRateLimitTests(TwoGatewaysFixture gateways) : IClassFixture<TwoGatewaysFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SignInLimitsHoldAcrossGatewayReplicas()
    {
        // After the outage test, the replicas may still be reconnecting.
        Assert.True(await gateways.BothConnectedAsync(Patience));
        using var first = gateways.First.ClientFrom("127.0.0.5");
        using var second = gateways.Second.ClientFrom("127.0.0.5");

        for (var i = 0; i < GatewayInstance.SignInPermits; i++)
            Assert.Equal(HttpStatusCode.Accepted, await GatewayCalls.RequestCodeAsync(i % 2 == 0 ? first : second));

        // The load balancer sends the next call to either replica: both say no.
        Assert.Equal(HttpStatusCode.TooManyRequests, await GatewayCalls.RequestCodeAsync(first));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GatewayCalls.RequestCodeAsync(second));
    }

    [Fact]
    public async Task WithRedisDownEachReplicaStillLimitsOnItsOwn()
    {
        using var client = gateways.First.ClientFrom("127.0.0.6");
        await gateways.Redis.StopAsync();
        try
        {
            Assert.True(
                await Eventually.HoldsAsync(
                    async () => await gateways.First.HealthOfAsync("sharedstate") == HealthStatus.Degraded,
                    Patience
                )
            );
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i <= GatewayInstance.SignInPermits; i++)
                statuses.Add(await GatewayCalls.RequestCodeAsync(client));

            Assert.All(statuses.Take(GatewayInstance.SignInPermits), s => Assert.Equal(HttpStatusCode.Accepted, s));
            Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
            // No request waits for a Redis timeout.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{statuses.Count} calls took {clock.Elapsed}");
        }
        finally
        {
            await gateways.Redis.StartAsync();
        }
    }
}
