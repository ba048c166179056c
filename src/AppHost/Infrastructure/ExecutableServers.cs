using Habatan.AppHost.Supervision;

namespace Habatan.AppHost.Infrastructure;

// The servers as plain processes from the Debian packages, started by the scripts in eng/
// (the test fixtures use the same scripts). Each runs in the foreground with its data under the
// git-ignored data folder, so stopping the AppHost stops it and leaves no process behind.
internal static class ExecutableServers
{
    public static InfrastructureServers Add(
        IDistributedApplicationBuilder builder,
        InfrastructureOptions options,
        string dataDirectory,
        string repositoryRoot,
        ServerCredentials credentials
    )
    {
        var postgres = builder
            .AddExecutable("postgres", "bash", repositoryRoot, "eng/run-postgres.sh")
            .WithArgs(
                Path.Combine(dataDirectory, "postgres"),
                options.PostgresPort.ToString(CultureInfo.InvariantCulture)
            )
            .WithEnvironment("POSTGRES_PASSWORD", credentials.PostgresPassword)
            .WithEndpoint(
                port: options.PostgresPort,
                targetPort: options.PostgresPort,
                scheme: "tcp",
                name: "tcp",
                isProxied: false
            )
            .WithHealthCheck(ServerHealthChecks.Postgres)
            .WithRestartOnCrash();

        // Erlang's port mapper as a resource of its own: started by the broker it would outlive it.
        var epmd = builder
            .AddExecutable(
                "epmd",
                "epmd",
                dataDirectory,
                "-port",
                options.EpmdPort.ToString(CultureInfo.InvariantCulture)
            )
            .WithRestartOnCrash();

        var rabbitmq = builder
            .AddExecutable("rabbitmq", "bash", repositoryRoot, "eng/run-rabbitmq.sh")
            .WithArgs(
                Path.Combine(dataDirectory, "rabbitmq"),
                options.RabbitMqPort.ToString(CultureInfo.InvariantCulture),
                options.EpmdPort.ToString(CultureInfo.InvariantCulture),
                options.RabbitMqDistributionPort.ToString(CultureInfo.InvariantCulture)
            )
            .WithEnvironment("RABBITMQ_USER", credentials.BrokerUser)
            .WithEnvironment("RABBITMQ_PASSWORD", credentials.BrokerPassword)
            .WithEndpoint(
                port: options.RabbitMqPort,
                targetPort: options.RabbitMqPort,
                scheme: "tcp",
                name: "tcp",
                isProxied: false
            )
            .WithHealthCheck(ServerHealthChecks.RabbitMq)
            .WaitFor(epmd)
            .WithRestartOnCrash();

        var mailSink = builder
            .AddExecutable(
                "mailsink",
                "bash",
                repositoryRoot,
                "eng/run-smtp4dev.sh",
                Path.Combine(dataDirectory, "smtp4dev"),
                options.SmtpPort.ToString(CultureInfo.InvariantCulture),
                options.MailUiPort.ToString(CultureInfo.InvariantCulture),
                options.MailImapPort.ToString(CultureInfo.InvariantCulture)
            )
            .WithEndpoint(
                port: options.SmtpPort,
                targetPort: options.SmtpPort,
                scheme: "tcp",
                name: "smtp",
                isProxied: false
            )
            .WithHttpEndpoint(port: options.MailUiPort, targetPort: options.MailUiPort, name: "http", isProxied: false)
            .WithHealthCheck(ServerHealthChecks.Smtp)
            .WithRestartOnCrash();

        return new InfrastructureServers(
            postgres,
            postgres.GetEndpoint("tcp"),
            rabbitmq,
            rabbitmq.GetEndpoint("tcp"),
            mailSink,
            mailSink.GetEndpoint("smtp")
        );
    }
}
