using System.Net.Security;
using Habatan.Contracts.Campaigns;
using Habatan.Infrastructure.Data;
using Habatan.Infrastructure.Health;
using Habatan.Infrastructure.Inbox;
using Habatan.Infrastructure.Outbox;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Habatan.Infrastructure;

// One call wires a service's messaging the same way everywhere: MassTransit on RabbitMQ with
// queues named after the service, every consumer behind the inbox, publishing only through the
// outbox.
public static class MessagingExtensions
{
    public static IServiceCollection AddServiceMessaging(
        this IServiceCollection services,
        string serviceName,
        Uri brokerAddress,
        Action<IBusRegistrationConfigurator> configureConsumers
    )
    {
        services.AddScoped<DbSession>();
        services.AddScoped<IOutbox, OutboxWriter>();
        services.AddSingleton<OutboxSignal>();
        services.AddOptions<OutboxOptions>().BindConfiguration("Messaging:Outbox");
        services.AddOptions<InboxOptions>().BindConfiguration("Messaging:Inbox");
        services.AddSingleton<OutboxTelemetry>();
        services.AddHostedService<OutboxDeliveryService>();
        services.AddSingleton<OutboxListener>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxListener>());
        services.AddHostedService<InboxCleanupService>();
        services.AddStuckEndpointsCheck();

        // A service is started only once its queues are bound: a message published before then
        // would find no queue and be dropped by the broker.
        services
            .AddOptions<MassTransitHostOptions>()
            .Configure(options =>
            {
                options.WaitUntilStarted = true;
                options.StartTimeout = TimeSpan.FromSeconds(60);
                options.StopTimeout = TimeSpan.FromSeconds(30);
            });

        services.AddMassTransit(bus =>
        {
            configureConsumers(bus);
            bus.DegradeHealthWhileTheBrokerIsDown();
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            bus.AddConfigureEndpointsCallback(QuorumQueues.Declare);
            bus.UsingRabbitMq(
                (context, rabbit) =>
                {
                    rabbit.Host(brokerAddress);
                    // Retry wraps the inbox: each attempt runs in a fresh transaction.
                    // A message naming a campaign in a refused spelling stays refused: straight to the error queue.
                    rabbit.UseMessageRetry(retry =>
                    {
                        retry.Exponential(
                            8,
                            TimeSpan.FromMilliseconds(100),
                            TimeSpan.FromSeconds(10),
                            TimeSpan.FromMilliseconds(200)
                        );
                        retry.Ignore<InvalidCampaignCodeException>();
                    });
                    rabbit.UseConsumeFilter(typeof(InboxFilter<>), context);
                    rabbit.ConfigureEndpoints(context);
                }
            );
        });
        return services;
    }

    // For a process without a database of its own (the gateway): consumers only, no outbox or
    // inbox, so they must be idempotent by nature.
    public static IServiceCollection AddBrokerListener(
        this IServiceCollection services,
        Uri brokerAddress,
        Action<IBusRegistrationConfigurator> configureConsumers
    )
    {
        services.AddStuckEndpointsCheck();
        services.AddMassTransit(bus =>
        {
            configureConsumers(bus);
            bus.DegradeHealthWhileTheBrokerIsDown();
            bus.AddConfigureEndpointsCallback(QuorumQueues.Declare);
            bus.UsingRabbitMq(
                (context, rabbit) =>
                {
                    rabbit.Host(brokerAddress);
                    rabbit.ConfigureEndpoints(context);
                }
            );
        });
        return services;
    }

    // Liveness (tag "live"): a receive endpoint stuck while the others consume (StuckEndpoints).
    private static void AddStuckEndpointsCheck(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StuckEndpointsOptions>().BindConfiguration(StuckEndpointsOptions.Section);
        services.AddSingleton<StuckEndpoints>();
        services.AddReceiveEndpointObserver(provider => provider.GetRequiredService<StuckEndpoints>());
        services.AddHealthChecks().AddCheck<StuckEndpoints>(StuckEndpoints.CheckName, tags: ["live"]);
    }

    private static void Host(this IRabbitMqBusFactoryConfigurator rabbit, Uri brokerAddress)
    {
        var broker = BrokerAddress.Parse(brokerAddress);
        rabbit.Host(
            broker.Host,
            broker.Port,
            broker.VirtualHost,
            host =>
            {
                host.Username(broker.Username);
                host.Password(broker.Password);
                // amqps: TLS with the system's trust store. MassTransit accepts an untrusted chain by
                // default; a broker reached over a network must prove who it is.
                if (broker.UseTls)
                {
                    host.UseSsl(ssl =>
                    {
                        if (broker.Nodes.Count == 1)
                            ssl.ServerName = broker.Host;
                        ssl.EnforcePolicyErrors(
                            SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch
                        );
                    });
                }
                // A cluster: MassTransit reconnects to another node when the one it uses goes away.
                if (broker.Nodes.Count > 1)
                    host.UseCluster(cluster =>
                    {
                        foreach (var node in broker.Nodes)
                            cluster.Node(node);
                    });
            }
        );
    }
}
