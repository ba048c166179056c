using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Habatan.Gateway.Tests.Support;

// Two replicas of the gateway sharing one Redis, as behind a load balancer, and trusting one
// token issuer (Tokens) as they trust Members.
public sealed class TwoGatewaysFixture : IAsyncLifetime
{
    private const string SharedStateCheck = "sharedstate";

    public TestTokens Tokens { get; } = new();

    public RedisServer Redis { get; private set; } = null!;

    public RecordingBackend Members { get; private set; } = null!;

    public GatewayInstance First { get; private set; } = null!;

    public GatewayInstance Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartNewAsync();
        Members = await RecordingBackend.StartAsync();
        First = Start();
        Second = Start();
    }

    // After a test that cut Redis, the replicas may still be reconnecting.
    public async Task<bool> BothConnectedAsync(TimeSpan patience) =>
        await Eventually.HoldsAsync(
            async () =>
                await First.HealthOfAsync(SharedStateCheck) == HealthStatus.Healthy
                && await Second.HealthOfAsync(SharedStateCheck) == HealthStatus.Healthy,
            patience
        );

    // A replica more, e.g. one that starts after something happened.
    public GatewayInstance Start() => GatewayInstance.Start(Members.Address, Redis.ConnectionString, Tokens);

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
        Tokens.Dispose();
    }
}
