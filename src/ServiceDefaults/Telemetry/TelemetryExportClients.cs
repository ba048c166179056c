using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Habatan.ServiceDefaults.Telemetry;

// The OTLP exporter sends over HTTP clients it takes from the client factory by these names, so
// they got every service's HTTP defaults: the resilience pipeline (retries, timeouts and a circuit
// breaker around an exporter that already times out, drops and tries again on its own) and the
// factory's logging (four console lines at Information per export). Under a fan-out that was a
// tenth of Notifications' CPU (docs/benchmark.md, "Fan-out profile"). Telemetry leaves without
// them; the exporter reports its own failures (its EventSource, as before).
public static class TelemetryExportClients
{
    public static readonly string[] Names = ["OtlpTraceExporter", "OtlpMetricExporter", "OtlpLogExporter"];

    public static IServiceCollection AddTelemetryExportClients(this IServiceCollection services)
    {
        // What RemoveAllResilienceHandlers does, which is still marked for evaluation only.
        foreach (var name in Names)
            services.AddHttpClient(name).RemoveAllLoggers().ConfigureAdditionalHttpMessageHandlers(WithoutResilience);
        return services;
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
