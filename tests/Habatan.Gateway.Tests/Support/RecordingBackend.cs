using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Habatan.Gateway.Tests.Support;

// Stands where Members would, on a real port: answers every request 202 and keeps what the
// gateway told it about the client, which is all these tests ask of the far side.
public sealed class RecordingBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RecordingBackend(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    public static async Task<RecordingBackend> StartAsync()
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(address.ToString());
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var backend = new RecordingBackend(app, address);
        app.MapFallback(
            (HttpContext http) =>
            {
                backend.Requests.Enqueue(
                    new Received(
                        http.Request.Path,
                        http.Request.Headers[Infrastructure.Http.ClientAddress.Header].ToString()
                    )
                );
                return Results.Json(new { }, statusCode: StatusCodes.Status202Accepted);
            }
        );
        await app.StartAsync();
        return backend;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record Received(string Path, string ClientAddress);
