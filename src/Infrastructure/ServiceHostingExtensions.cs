using Habatan.Infrastructure.Diagnostics;
using Habatan.Infrastructure.Health;
using Habatan.Infrastructure.Http;
using Habatan.Infrastructure.Identity;
using Habatan.ServiceDefaults.Identity;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Habatan.Infrastructure;

public static class ServiceHostingExtensions
{
    public const string BrokerConnectionName = "messaging";

    // Statements per connection kept prepared (Npgsql's auto-preparation, off by default).
    private const int AutoPrepared = 64;

    // The parts every service has: its own database ("<service>db"), the broker, the outbox,
    // the inbox, token validation and the pipeline probe. A service adds only its own consumers.
    public static IHostApplicationBuilder AddServiceInfrastructure(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? configureConsumers = null
    )
    {
        // Each service sends the same few statements all day: prepared once per connection,
        // PostgreSQL stops parsing and planning them per request (issue #19's intake profile).
        builder.AddNpgsqlDataSource(
            $"{serviceName}db",
            configureDataSourceBuilder: data => data.ConnectionStringBuilder.MaxAutoPrepare = AutoPrepared
        );
        // The RabbitMQ client adds the broker health check and its telemetry; MassTransit keeps
        // its own connections.
        builder.AddRabbitMQClient(BrokerConnectionName);
        builder.Services.DegradeBrokerHealth();

        var brokerAddress =
            builder.Configuration.GetConnectionString(BrokerConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{BrokerConnectionName} is not configured.");
        builder.Services.AddServiceMessaging(
            serviceName,
            new Uri(brokerAddress),
            bus =>
            {
                bus.AddConsumer<PipelineProbeConsumer>();
                bus.AddSessionRevokedConsumer();
                configureConsumers?.Invoke(bus);
            }
        );
        builder.AddTokenAuthentication();
        builder.AddRevocationCache();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<UnstorableTextHandler>();
        builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
        return builder;
    }
}
