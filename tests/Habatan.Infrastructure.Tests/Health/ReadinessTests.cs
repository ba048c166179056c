using System.Net;

namespace Habatan.Infrastructure.Tests.Health;

// Readiness means "can take requests": the service's database decides; the broker only degrades.
[Collection(ServersCollection.Name)]
public sealed class ReadinessTests(ServersFixture servers) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TestTokens _tokens = new();

    [Fact]
    public async Task ABrokerOutageDegradesTheServiceWithoutTakingItOutOfRotation()
    {
        await using var service = await WebTestService.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("ready"),
            servers.RabbitMq.Address,
            _tokens
        );
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await WaitForHealthAsync(service, "Healthy"));

        await servers.RabbitMq.StopAsync();
        try
        {
            Assert.Equal((HttpStatusCode.OK, "Degraded"), await WaitForHealthAsync(service, "Degraded"));
            // Alive too: an orchestrator must not restart a replica for the broker's sake.
            using var alive = await service.Client.GetAsync(new Uri("/alive", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }
        finally
        {
            await servers.RabbitMq.StartAsync();
        }

        Assert.Equal((HttpStatusCode.OK, "Healthy"), await WaitForHealthAsync(service, "Healthy"));
    }

    [Fact]
    public async Task ADatabaseOutageTakesTheServiceOutOfRotation()
    {
        // A server of its own, since this test stops it for good.
        var postgres = await PostgresServer.StartAsync();
        try
        {
            await using var service = await WebTestService.StartAsync(
                await postgres.CreateDatabaseAsync("ready"),
                servers.RabbitMq.Address,
                _tokens
            );
            Assert.Equal((HttpStatusCode.OK, "Healthy"), await WaitForHealthAsync(service, "Healthy"));

            await postgres.StopAsync();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Assert.Equal(
                (HttpStatusCode.ServiceUnavailable, "Unhealthy"),
                await WaitForHealthAsync(service, "Unhealthy")
            );
            Console.WriteLine($"readiness: 503 {clock.ElapsedMilliseconds} ms after the database stopped");
        }
        finally
        {
            await postgres.DisposeAsync();
        }
    }

    [Fact]
    public async Task DeadLettersAreShownToOperatorsAndAdminsOnly()
    {
        await using var service = await WebTestService.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("ready"),
            servers.RabbitMq.Address,
            _tokens
        );
        var path = new Uri($"/api/{WebTestService.Name}/ops/outbox/dead-letters", UriKind.Relative);

        foreach (
            var (roles, expected) in new[]
            {
                (new[] { "operator" }, HttpStatusCode.OK),
                (["admin"], HttpStatusCode.OK),
                (["reviewer"], HttpStatusCode.Forbidden),
                ([], HttpStatusCode.Forbidden),
            }
        )
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new("Bearer", _tokens.For(TestTokens.NewSubject(), roles));
            using var response = await service.Client.SendAsync(request);
            Assert.True(expected == response.StatusCode, $"roles [{string.Join(",", roles)}]: {response.StatusCode}");
            if (expected == HttpStatusCode.OK)
                Assert.Equal("""{"total":0,"messages":[]}""", await response.Content.ReadAsStringAsync());
        }
    }

    public void Dispose() => _tokens.Dispose();

    private static async Task<(HttpStatusCode, string)> WaitForHealthAsync(WebTestService service, string wanted) =>
        await Eventually.GetAsync(
            async () =>
            {
                using var response = await service.Client.GetAsync(new Uri("/health", UriKind.Relative));
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            },
            health => health.Item2 == wanted,
            Patience
        );
}
