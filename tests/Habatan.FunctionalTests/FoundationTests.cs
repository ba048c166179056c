using System.Diagnostics;
using Npgsql;

namespace Habatan.FunctionalTests;

// Runs on one process of everything and on two replicas of everything (Fleet/Drills*.cs).
public abstract class FoundationTests(AppHostFixture fixture)
{
    private static readonly string[] Services = ["applications", "members", "notifications"];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task EveryResourceIsHealthyAndTheDatabasesWereSetUp()
    {
        using var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout);
        foreach (
            var resource in new[]
            {
                "postgres",
                "rabbitmq",
                "mailsink",
                "redis-server",
                "applications",
                "members",
                "notifications",
                "gateway",
            }
        )
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);

        var setup = await fixture.App.ResourceNotifications.WaitForResourceAsync(
            "databases",
            e => e.Snapshot.State?.Text == KnownResourceStates.Finished,
            timeout.Token
        );
        Assert.Equal(0, setup.Snapshot.ExitCode);
    }

    // Each process's OTLP exporter reaches the collector (the fixture's, as a deployment's): the
    // traces the engineer on call opens are really sent, from every replica.
    [Fact]
    public async Task EveryServiceExportsItsTelemetry()
    {
        var exporters = await Eventually.GetAsync(
            () => Task.FromResult(fixture.Collector.Exporters),
            e => AppHostProjects.Names.All(e.Contains),
            Patience
        );
        Assert.Superset(AppHostProjects.Names.ToHashSet(), exporters.ToHashSet());
    }

    [Fact]
    public async Task EachServiceAnswersItsHealthCheck()
    {
        foreach (var service in Services)
        {
            using var client = fixture.App.CreateHttpClient(service, "http");
            Assert.Equal("Healthy", await client.GetStringAsync(new Uri("/health", UriKind.Relative)));
            Assert.Equal("Healthy", await client.GetStringAsync(new Uri("/alive", UriKind.Relative)));
        }
    }

    [Fact]
    public async Task TheGatewayRoutesEachApiPrefixToItsService()
    {
        using var gateway = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Operator));
        foreach (var service in Services)
        {
            var probeId = Guid.NewGuid();
            var receipts = await gateway.GetFromJsonAsync<ProbeReceipts>(
                new Uri($"/api/{service}/probes/{probeId}", UriKind.Relative)
            );
            Assert.Equal(probeId, receipts!.ProbeId);
            Assert.Empty(receipts.Receipts);
        }
    }

    [Theory]
    [InlineData("/api/unknown/probes")]
    [InlineData("/nothing-here")]
    [InlineData("/api")]
    public async Task UnknownPathsGet404(string path)
    {
        using var gateway = fixture.CreateGatewayClient();
        using var response = await gateway.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AMessageThroughOneServicesOutboxIsConsumedOnceByEachOtherServiceInTheSameTrace()
    {
        using var gateway = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Operator));
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications/probes");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await gateway.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var probeId = (await response.Content.ReadFromJsonAsync<ProbeSent>())!.ProbeId;

        foreach (var service in new[] { "members", "notifications" })
        {
            var uri = new Uri($"/api/{service}/probes/{probeId}", UriKind.Relative);
            var receipts = await Eventually.GetAsync(
                () => gateway.GetFromJsonAsync<ProbeReceipts>(uri)!,
                r => r!.Receipts.Count > 0,
                Patience
            );
            await Task.Delay(500); // a duplicate would arrive within this
            receipts = await gateway.GetFromJsonAsync<ProbeReceipts>(uri);

            var receipt = Assert.Single(receipts!.Receipts);
            Assert.Equal("applications", receipt.Origin);
            Assert.Equal(traceId, receipt.TraceId);
        }
    }

    [Fact]
    public async Task EachServiceLoginReachesOnlyItsOwnDatabase()
    {
        foreach (var service in Services)
        {
            var own = await fixture.App.GetConnectionStringAsync($"{service}db");
            await using (var connection = new NpgsqlConnection(own))
            {
                await connection.OpenAsync();
            }

            foreach (var other in Services.Where(s => s != service))
            {
                var builder = new NpgsqlConnectionStringBuilder(own) { Database = $"{other}db", Pooling = false };
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
            }
        }
    }

    [Fact]
    public void OnlyTheGatewayHasAnExternalEndpoint()
    {
        var model = fixture.App.Services.GetRequiredService<DistributedApplicationModel>();
        var external = model
            .Resources.SelectMany(r =>
                r.Annotations.OfType<EndpointAnnotation>().Select(e => (Resource: r.Name, Endpoint: e))
            )
            .Where(x => x.Endpoint.IsExternal)
            .Select(x => x.Resource)
            .Distinct();
        Assert.Equal(["gateway"], external);
    }

    private sealed record ProbeSent(Guid ProbeId);

    private sealed record ProbeReceipts(Guid ProbeId, List<ProbeReceipt> Receipts);

    private sealed record ProbeReceipt(Guid MessageId, string Origin, string? TraceId);
}
