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
            : ExecutableServers.Add(builder, options, dataDirectory, repositoryRoot, credentials);
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

        var broker = servers.BrokerEndpoint;
        var messaging = builder.AddConnectionString(
            "messaging",
            ReferenceExpression.Create(
                $"amqp://{credentials.BrokerUser}:{brokerPassword}@{broker.Property(EndpointProperty.IPV4Host)}"
                    + $":{broker.Property(EndpointProperty.Port)}"
            )
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
            mail.AsConnectionString(),
            servers.MailSink,
            builder.AddSharedState(),
            signingKey,
            publicKey,
            secrets
        );
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
    EndpointReference BrokerEndpoint,
    IResourceBuilder<IResource> MailSink,
    EndpointReference SmtpEndpoint
);
