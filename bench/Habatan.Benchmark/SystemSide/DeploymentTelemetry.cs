namespace Habatan.Benchmark.SystemSide;

// The AppHost gives every service the dashboard's export pace (metrics, spans and logs every
// second), so a developer's charts move while they watch. A deployment (deploy/) keeps
// OpenTelemetry's defaults: metrics every 60 s, spans in batches every 5 s, logs every second.
// The benchmark measures what a deployment pays: at the dashboard's pace, collecting and
// exporting metrics alone was 7 % of Notifications' CPU during the fan-out (docs/benchmark.md).
internal static class DeploymentTelemetry
{
    public const int MetricExportIntervalMs = 60_000;
    public const int SpanScheduleDelayMs = 5_000;
    public const int LogScheduleDelayMs = 1_000;

    public static IEnumerable<string> AppHostArguments(IEnumerable<string> services) =>
        services.SelectMany(service =>
            new[]
            {
                $"--Services:{service}:OTEL_METRIC_EXPORT_INTERVAL={MetricExportIntervalMs}",
                $"--Services:{service}:OTEL_BSP_SCHEDULE_DELAY={SpanScheduleDelayMs}",
                $"--Services:{service}:OTEL_BLRP_SCHEDULE_DELAY={LogScheduleDelayMs}",
            }
        );
}
