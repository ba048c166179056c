using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Habatan.TestSupport;

// The OpenTelemetry collector a deployment has, for an AppHost started by the tests or the
// benchmark: every service exports its traces, metrics and logs over OTLP/HTTP to it, and it
// accepts them. Without it the services exported to the dashboard's address, which the testing
// host does not start: every export failed and was retried with blocking waits, 12 % of
// Notifications' CPU in a fan-out's profile plus the spin of those waits (issue #19), a cost no
// deployment with a collector pays. This one reads each export whole (the bytes cross the
// loopback as they would the network) and answers an empty success, as a collector does; it
// keeps nothing.
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _exports;
    private long _bytes;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _exporters = new();

    private OtlpCollector(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    private const string ServiceHeader = "x-habatan-service";

    public Uri Address { get; }

    public long Exports => Interlocked.Read(ref _exports);

    public long Bytes => Interlocked.Read(ref _bytes);

    // The services whose exports arrived (each names itself in a header, AppHostArguments).
    public IReadOnlyCollection<string> Exporters => [.. _exporters.Keys];

    public static async Task<OtlpCollector> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var collector = new OtlpCollector(app, new Uri($"http://127.0.0.1:{port}"));
        app.MapPost("/v1/{signal}", collector.AcceptAsync);
        await app.StartAsync();
        return collector;
    }

    // Each service's environment: its OTLP exporter sends here, over HTTP with protobuf bodies.
    public IEnumerable<string> AppHostArguments(IEnumerable<string> services) =>
        services.SelectMany(service =>
            new[]
            {
                $"--Services:{service}:OTEL_EXPORTER_OTLP_ENDPOINT={Address}",
                $"--Services:{service}:OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
                $"--Services:{service}:OTEL_EXPORTER_OTLP_HEADERS={ServiceHeader}={service}",
            }
        );

    private async Task<IResult> AcceptAsync(HttpRequest request)
    {
        var buffer = new byte[16 * 1024];
        long read = 0;
        int n;
        while ((n = await request.Body.ReadAsync(buffer)) > 0)
            read += n;
        Interlocked.Increment(ref _exports);
        if (request.Headers[ServiceHeader].ToString() is { Length: > 0 } service)
            _exporters.TryAdd(service, 0);
        Interlocked.Add(ref _bytes, read);
        return Results.Bytes([], "application/x-protobuf");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
