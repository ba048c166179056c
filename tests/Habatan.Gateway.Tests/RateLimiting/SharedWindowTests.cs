using System.Threading.RateLimiting;
using Habatan.Gateway.RateLimiting;
using StackExchange.Redis;

namespace Habatan.Gateway.Tests.RateLimiting;

// A shared bucket that ran out opens again when its window ends, as a replica's own does:
// a burst must not lock a client (or a whole office behind one address) out for longer.
[Collection(GatewayCollection.Name)]
public sealed class SharedWindowTests
{
    [Fact]
    public async Task AnEmptiedSharedBucketRefillsWhenItsWindowEnds()
    {
        await using var redis = await RedisServer.StartNewAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var window = TimeSpan.FromSeconds(2);
        using var limiter = SharedBuckets.Limiter($"test:{Guid.NewGuid():N}", permits: 3, window, connection);

        // As ASP.NET Core's rate-limiting middleware asks: at once first, then waiting.
        async Task<bool> AcquireAsync()
        {
            using var now = limiter.AttemptAcquire();
            if (now.IsAcquired)
                return true;
            using var waited = await limiter.AcquireAsync();
            return waited.IsAcquired;
        }

        var first = new List<bool>();
        for (var i = 0; i < 4; i++)
            first.Add(await AcquireAsync());
        await Task.Delay(window + TimeSpan.FromSeconds(1.5));
        var afterWindow = await AcquireAsync();

        Assert.Equal([true, true, true, false], first);
        Assert.True(afterWindow);
    }
}
