namespace Habatan.Gateway.Tests.Support;

// Two replicas of the gateway sharing one Redis, as behind a load balancer.
public sealed class TwoGatewaysFixture : IAsyncLifetime
{
    public RedisServer Redis { get; private set; } = null!;

    public RecordingBackend Members { get; private set; } = null!;

    public GatewayInstance First { get; private set; } = null!;

    public GatewayInstance Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartNewAsync();
        Members = await RecordingBackend.StartAsync();
        First = GatewayInstance.Start(Members.Address, Redis.ConnectionString);
        Second = GatewayInstance.Start(Members.Address, Redis.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (Second is not null)
            await Second.DisposeAsync();
        if (First is not null)
            await First.DisposeAsync();
        if (Members is not null)
            await Members.DisposeAsync();
        if (Redis is not null)
            await Redis.DisposeAsync();
    }
}
