using Habatan.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;

namespace Habatan.Infrastructure.Tests.Telemetry;

// The exporter's HTTP clients leave without the services' resilience pipeline and without a
// console line per export; every other client keeps both.
public sealed class TelemetryExportClientsTests
{
    private const string ServiceClient = "members";

    [Fact]
    public async Task TheExporterClientsHaveNoResiliencePipelineWhileOtherClientsKeepIt()
    {
        await using var app = ServiceWithCollector();
        var handlers = app.Services.GetRequiredService<IHttpMessageHandlerFactory>();

        Assert.True(HasResilience(handlers.CreateHandler(ServiceClient)));
        Assert.All(TelemetryExportClients.Names, name => Assert.False(HasResilience(handlers.CreateHandler(name))));
    }

    [Fact]
    public async Task AnExportIsNotAConsoleLineButAnExporterFailureStillIs()
    {
        await using var app = ServiceWithCollector();
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();

        Assert.True(loggers.CreateLogger(Category(ServiceClient)).IsEnabled(LogLevel.Information));
        Assert.All(
            TelemetryExportClients.Names,
            name =>
            {
                var logger = loggers.CreateLogger(Category(name));
                Assert.False(logger.IsEnabled(LogLevel.Information));
                Assert.True(logger.IsEnabled(LogLevel.Warning));
            }
        );
    }

    private static string Category(string client) => $"System.Net.Http.HttpClient.{client}.LogicalHandler";

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

    private static bool HasResilience(HttpMessageHandler handler)
    {
        for (var current = handler; current is DelegatingHandler delegating; current = delegating.InnerHandler)
        {
            if (current is ResilienceHandler)
                return true;
        }
        return false;
    }
}
