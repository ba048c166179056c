using Habatan.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Habatan.Infrastructure.Tests.Support;

// A service with the web parts every service shares (ServiceDefaults, AddServiceInfrastructure,
// UseServiceInfrastructureAsync) on a real port, for what only HTTP shows: health and ops APIs.
public sealed class WebTestService : IAsyncDisposable
{
    public const string Name = "webtest";
    private readonly WebApplication _app;

    private WebTestService(WebApplication app, Uri address)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public static async Task<WebTestService> StartAsync(
        string connectionString,
        Uri broker,
        TestTokens tokens,
        IReadOnlyDictionary<string, string?>? settings = null
    )
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls(address.ToString());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{Name}db"] = connectionString,
                ["ConnectionStrings:messaging"] = broker.ToString(),
                [TokenParameters.PublicKeyKey] = tokens.PublicKeyPem,
                ["Messaging:Outbox:RetryDelay"] = "00:00:00.500",
            }
        );
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        builder.AddServiceInfrastructure(Name);
        var app = builder.Build();
        await app.UseServiceInfrastructureAsync(Name, typeof(WebTestService).Assembly);
        await app.StartAsync();
        return new WebTestService(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
