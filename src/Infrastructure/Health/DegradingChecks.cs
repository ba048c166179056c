using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Habatan.Infrastructure.Health;

// Readiness means "can take requests", and a service can while the broker or the SMTP server is
// down: the outbox keeps its messages, consumers retry. So those checks report Degraded (HTTP
// 200, the body says "Degraded") and never take a replica out of rotation; only the service's
// own database makes /health fail. Such checks carry the tag "degrades".
public static class DegradingChecks
{
    public const string Tag = "degrades";

    // Aspire.RabbitMQ.Client names its check "RabbitMQ.Client", or "RabbitMQ.Client_<name>".
    private const string RabbitMqClientCheck = "RabbitMQ.Client";

    public static IServiceCollection DegradeBrokerHealth(this IServiceCollection services)
    {
        services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            var brokerChecks = options.Registrations.Where(r =>
                r.Name.StartsWith(RabbitMqClientCheck, StringComparison.Ordinal)
            );
            foreach (var check in brokerChecks)
            {
                check.FailureStatus = HealthStatus.Degraded;
                check.Tags.Add(Tag);
            }
        });
        return services;
    }

    // MassTransit's own bus check: a bus that lost its broker reports Degraded, not Unhealthy.
    public static void DegradeHealthWhileTheBrokerIsDown(this IBusRegistrationConfigurator bus) =>
        bus.ConfigureHealthCheckOptions(options =>
        {
            options.MinimalFailureStatus = HealthStatus.Degraded;
            options.Tags.Add("ready");
            options.Tags.Add(Tag);
        });
}
