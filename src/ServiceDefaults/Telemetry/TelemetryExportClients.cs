using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;

namespace Habatan.ServiceDefaults.Telemetry;

// The OTLP exporter sends over HTTP clients it takes from the client factory by these names, so
// they got every service's HTTP defaults: the resilience pipeline (retries, timeouts and a circuit
// breaker around an exporter that already times out, drops and tries again on its own) and four
// console lines at Information per export. Under a fan-out that was a tenth of Notifications' CPU
// (docs/benchmark.md, "Fan-out profile"). Telemetry leaves without them; failures still log.
public static class TelemetryExportClients
{
    public static readonly string[] Names = ["OtlpTraceExporter", "OtlpMetricExporter", "OtlpLogExporter"];

    // The client factory logs under System.Net.Http.HttpClient.<name>.*: a rule for the prefix.
    private const string LogCategoryPrefix = "System.Net.Http.HttpClient.Otlp";

    public static void AddTelemetryExportClients(this IServiceCollection services, ILoggingBuilder logging)
    {
        // What RemoveAllResilienceHandlers does, which is still marked for evaluation only.
        foreach (var name in Names)
            services.AddHttpClient(name).ConfigureAdditionalHttpMessageHandlers(WithoutResilience);
        logging.AddFilter(LogCategoryPrefix, LogLevel.Warning);
    }

    private static void WithoutResilience(IList<DelegatingHandler> handlers, IServiceProvider _)
    {
        for (var i = handlers.Count - 1; i >= 0; i--)
        {
            if (handlers[i] is ResilienceHandler)
                handlers.RemoveAt(i);
        }
    }
}
