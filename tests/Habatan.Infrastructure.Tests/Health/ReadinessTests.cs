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

    // One receive endpoint stuck while the others consume (here its queue deleted and the broker
    // refusing to declare it again) makes the service not alive once it has lasted StuckAfter, so
    // an orchestrator restarts it; consuming again, the service is alive again.
    [Fact]
    public async Task AnEndpointStuckWhileTheOthersConsumeMakesTheServiceNotAlive()
    {
        await using var service = await WebTestService.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("stuck"),
            servers.RabbitMq.Address,
            _tokens,
            new Dictionary<string, string?> { ["Messaging:StuckEndpoints:StuckAfter"] = "00:00:02" }
        );
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await WaitForHealthAsync(service, "Healthy"));
        var queue = (await servers.RabbitMq.CtlAsync("list_queues", "name", "--no-table-headers"))
            .Split('\n', StringSplitOptions.TrimEntries)
            .Single(name => name == $"{WebTestService.Name}-pipeline-probe");

        await servers.RabbitMq.CtlAsync("set_permissions", "-p", "/", "guest", $"^(?!{queue}$).*", ".*", ".*");
        try
        {
            await servers.RabbitMq.CtlAsync("delete_queue", queue);
            Assert.Equal(
                HttpStatusCode.ServiceUnavailable,
                await AliveAsync(service, HttpStatusCode.ServiceUnavailable)
            );
        }
        finally
        {
            await servers.RabbitMq.CtlAsync("set_permissions", "-p", "/", "guest", ".*", ".*", ".*");
        }

        // MassTransit tries the endpoint again at most 30 s apart.
        Assert.Equal(HttpStatusCode.OK, await AliveAsync(service, HttpStatusCode.OK));
    }

    private static Task<HttpStatusCode> AliveAsync(WebTestService service, HttpStatusCode awaited) =>
        Eventually.GetAsync(
            async () =>
            {
                using var alive = await service.Client.GetAsync(new Uri("/alive", UriKind.Relative));
                return alive.StatusCode;
            },
            status => status == awaited,
            TimeSpan.FromSeconds(90)
        );

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
