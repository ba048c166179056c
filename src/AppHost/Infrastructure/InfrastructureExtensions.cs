using Microsoft.Extensions.Configuration;

namespace Habatan.AppHost.Infrastructure;

internal static class InfrastructureExtensions
{
    public static HabatanInfrastructure AddHabatanInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var options =
            builder.Configuration.GetSection("Infrastructure").Get<InfrastructureOptions>()
            ?? new InfrastructureOptions();
        var dataDirectory = Path.GetFullPath(options.DataDirectory, builder.AppHostDirectory);
        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
        var secrets = new DevelopmentSecrets(builder.Configuration, Path.Combine(dataDirectory, "secrets"));
        var (signingKeyPem, publicKeyPem) = secrets.GetSigningKey("token-signing-key");
        var signingKey = builder.AddParameter("token-signing-key", signingKeyPem, secret: true);
        var publicKey = builder.AddParameter("token-public-key", publicKeyPem);

        if (string.Equals(options.Mode, ExternalServers.Mode, StringComparison.OrdinalIgnoreCase))
        {
            var external = ExternalServers.Add(builder);
            return new HabatanInfrastructure(
                external.Databases,
                null,
                external.Messaging,
                null,
                null,
                external.Mail,
                null,
                external.SharedState,
                signingKey,
                publicKey,
                secrets
            );
        }

        var postgresPasswordValue = secrets.Get("postgres-password");
        var postgresPassword = builder.AddParameter("postgres-password", postgresPasswordValue, secret: true);
        var brokerPassword = builder.AddParameter("rabbitmq-password", secrets.Get("rabbitmq-password"), secret: true);
        var credentials = new ServerCredentials("habatan", brokerPassword, postgresPassword);

        var servers = ContainerRuntime.ShouldUseContainers(options.Mode)
            ? ContainerServers.Add(builder, options, dataDirectory, credentials)
            : ExecutableServers.Add(builder, options, dataDirectory, repositoryRoot, credentials, secrets);
        builder.AddServerHealthChecks(options, postgresPasswordValue);

        var postgres = servers.PostgresEndpoint;
        // The same provisioning a platform team runs once against its managed PostgreSQL.
        var databaseSetup = builder
            .AddProject<Projects.Habatan_Provisioning>("databases")
            .WithArgs(InfrastructureOptions.Services)
            .WithEnvironment(
                "PROVISION_CONNECTION",
                ReferenceExpression.Create(
                    $"Host={postgres.Property(EndpointProperty.IPV4Host)};"
                        + $"Port={postgres.Property(EndpointProperty.Port)};"
                        + $"Username=postgres;Password={postgresPassword};Database=postgres"
                )
            )
            .WaitFor(servers.Postgres);

        var databases = new Dictionary<string, IResourceBuilder<IResourceWithConnectionString>>();
        foreach (var service in InfrastructureOptions.Services)
        {
            // A login per service that can reach only its own database (see src/Provisioning).
            var password = builder.AddParameter(
                $"{service}-db-password",
                secrets.Get($"{service}-db-password"),
                secret: true
            );
            databaseSetup.WithEnvironment($"{service.ToUpperInvariant()}_DB_PASSWORD", password);
            databases[service] = builder.AddConnectionString(
                $"{service}db",
                ReferenceExpression.Create(
                    $"Host={postgres.Property(EndpointProperty.IPV4Host)};"
                        + $"Port={postgres.Property(EndpointProperty.Port)};"
                        + $"Database={service}db;Username={service};Password={password}"
                )
            );
        }

        var messaging = builder.AddConnectionString(
            "messaging",
            BrokerAddress(credentials.BrokerUser, brokerPassword, servers.BrokerEndpoints)
        );
        var smtp = servers.SmtpEndpoint;
        var mail = builder.AddConnectionString(
            "mail",
            options.MailRelay is { Length: > 0 } relay
                ? ReferenceExpression.Create($"{relay}")
                : ReferenceExpression.Create(
                    $"smtp://{smtp.Property(EndpointProperty.IPV4Host)}:{smtp.Property(EndpointProperty.Port)}"
                )
        );

        return new HabatanInfrastructure(
            databases,
            databaseSetup.AsResource(),
            messaging.AsConnectionString(),
            servers.Broker,
            servers.BrokerCluster,
            mail.AsConnectionString(),
            servers.MailSink,
            builder.AddSharedState(),
            signingKey,
            publicKey,
            secrets
        );
    }

    // amqp://user:password@node1:port, and a cluster's other nodes as ?nodes=host:port,host:port
    // (the form src/Infrastructure/BrokerAddress.cs reads): the services connect to any of them.
    private static ReferenceExpression BrokerAddress(
        string user,
        IResourceBuilder<ParameterResource> password,
        IReadOnlyList<EndpointReference> nodes
    )
    {
        var address = new ReferenceExpressionBuilder();
        address.AppendLiteral($"amqp://{user}:");
        address.AppendFormatted(password.Resource);
        for (var i = 0; i < nodes.Count; i++)
        {
            address.AppendLiteral(
                i == 0 ? "@"
                : i == 1 ? "?nodes="
                : ","
            );
            address.AppendFormatted(nodes[i].Property(EndpointProperty.IPV4Host));
            address.AppendLiteral(":");
            address.AppendFormatted(nodes[i].Property(EndpointProperty.Port));
        }
        return address.Build();
    }

    private static IResourceBuilder<IResource> AsResource<T>(this IResourceBuilder<T> builder)
        where T : IResource => (IResourceBuilder<IResource>)builder;

    private static IResourceBuilder<IResourceWithConnectionString> AsConnectionString<T>(
        this IResourceBuilder<T> builder
    )
        where T : IResourceWithConnectionString => (IResourceBuilder<IResourceWithConnectionString>)builder;
}

internal sealed record ServerCredentials(
    string BrokerUser,
    IResourceBuilder<ParameterResource> BrokerPassword,
    IResourceBuilder<ParameterResource> PostgresPassword
);

internal sealed record InfrastructureServers(
    IResourceBuilder<IResource> Postgres,
    EndpointReference PostgresEndpoint,
    IResourceBuilder<IResource> Broker,
    IReadOnlyList<EndpointReference> BrokerEndpoints,
    IResourceBuilder<IResource>? BrokerCluster,
    IResourceBuilder<IResource> MailSink,
    EndpointReference SmtpEndpoint
);
