using System.Net;
using System.Text.Json;

namespace Habatan.Infrastructure.Tests.Http;

// A request that meets a database which cannot answer gets 503 with Retry-After and a Japanese
// problem detail (DatabaseUnavailableHandler), not the framework's 500.
[Collection(ServersCollection.Name)]
public sealed class DatabaseUnavailableTests(ServersFixture servers) : IDisposable
{
    private readonly TestTokens _tokens = new();

    [Fact]
    public async Task ARequestWhileTheDatabaseIsDownIsAnswered503WithRetryAfterNot500()
    {
        // A server of its own, since this test stops it for good.
        var postgres = await PostgresServer.StartAsync();
        try
        {
            await using var service = await WebTestService.StartAsync(
                await postgres.CreateDatabaseAsync("unavailable"),
                servers.RabbitMq.Address,
                _tokens
            );
            var deadLetters = new Uri($"/api/{WebTestService.Name}/ops/outbox/dead-letters", UriKind.Relative);
            using (var before = await SendAsync(service, deadLetters))
                Assert.Equal(HttpStatusCode.OK, before.StatusCode);

            await postgres.StopAsync();
            using var during = await SendAsync(service, deadLetters);

            var body = await during.Content.ReadAsStringAsync();
            Assert.True(during.StatusCode == HttpStatusCode.ServiceUnavailable, $"{during.StatusCode}: {body}");
            Assert.Equal(TimeSpan.FromSeconds(5), during.Headers.RetryAfter?.Delta);
            using var problem = JsonDocument.Parse(body);
            Assert.Equal("ただいま処理できません。", problem.RootElement.GetProperty("title").GetString());
        }
        finally
        {
            await postgres.DisposeAsync();
        }
    }

    public void Dispose() => _tokens.Dispose();

    private Task<HttpResponseMessage> SendAsync(WebTestService service, Uri path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", _tokens.For(TestTokens.NewSubject(), ["operator"]));
        return service.Client.SendAsync(request);
    }
}
