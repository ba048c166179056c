using Habatan.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Http.Resilience;

namespace Habatan.Infrastructure.Tests.Telemetry;

// The exporter's HTTP clients leave without the services' resilience pipeline and without the
// factory's logging (a console line per export); every other client keeps both.
public sealed class TelemetryExportClientsTests
{
    private const string ServiceClient = "members";

    [Fact]
    public async Task TheExporterClientsHaveNeitherResilienceNorLoggingWhileOtherClientsKeepBoth()
    {
        await using var app = ServiceWithCollector();
        var factory = app.Services.GetRequiredService<IHttpMessageHandlerFactory>();

        Assert.Equal((true, true), Has(factory.CreateHandler(ServiceClient)));
        Assert.All(
            TelemetryExportClients.Names,
            name => Assert.Equal((false, false), Has(factory.CreateHandler(name)))
        );
    }

    private static WebApplication ServiceWithCollector()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{FreePort.Next()}",
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            }
        );
        builder.AddServiceDefaults();
        return builder.Build();
    }

    private static (bool Resilience, bool Logging) Has(HttpMessageHandler handler)
    {
        var (resilience, logging) = (false, false);
        for (var current = handler; current is DelegatingHandler delegating; current = delegating.InnerHandler)
        {
            resilience |= current is ResilienceHandler;
            logging |= current is LoggingScopeHttpMessageHandler or LoggingHttpMessageHandler;
        }
        return (resilience, logging);
    }
}
