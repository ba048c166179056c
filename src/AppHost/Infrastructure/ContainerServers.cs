namespace Habatan.AppHost.Infrastructure;

// The same servers as containers, for machines with a container runtime. Ports, logins and
// connection strings match the executable servers, so services see no difference. RabbitMQ is
// one container whatever RabbitMqNodes says: the cluster drill needs processes it can kill, and
// a cluster of containers is the platform's business (docs/deploying.md).
internal static class ContainerServers
{
    public static InfrastructureServers Add(
        IDistributedApplicationBuilder builder,
        InfrastructureOptions options,
        string dataDirectory,
        ServerCredentials credentials
    )
    {
        var postgres = builder
            .AddPostgres("postgres", password: credentials.PostgresPassword, port: options.PostgresPort)
            .WithImageTag("15")
            .WithDataBindMount(Path.Combine(dataDirectory, "postgres-container"))
            .WithHealthCheck(ServerHealthChecks.Postgres);

        var brokerUser = builder.AddParameter("rabbitmq-user", credentials.BrokerUser);
        var rabbitmq = builder
            .AddRabbitMQ("rabbitmq", brokerUser, credentials.BrokerPassword, port: options.RabbitMqPort)
            .WithHealthCheck(ServerHealthChecks.Ready(options.BrokerNodes.First()));

        var mailSink = builder
            .AddContainer("mailsink", "rnwood/smtp4dev", "3.15.0")
            .WithEndpoint(port: options.SmtpPort, targetPort: 25, scheme: "tcp", name: "smtp")
            .WithHttpEndpoint(port: options.MailUiPort, targetPort: 80, name: "http")
            .WithHealthCheck(ServerHealthChecks.Smtp);

        return new InfrastructureServers(
            postgres,
            postgres.GetEndpoint("tcp"),
            rabbitmq,
            [rabbitmq.GetEndpoint("tcp")],
            null,
            mailSink,
            mailSink.GetEndpoint("smtp")
        );
    }
}
