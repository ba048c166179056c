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
        ServerCredentials credentials,
        DevelopmentSecrets secrets
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

        // RabbitMQ: one node, or a cluster of RabbitMqNodes, each with its own node name, ports and
        // data folder, sharing epmd and the Erlang cookie.
        var cookie = builder.AddParameter("rabbitmq-cookie", secrets.Get("rabbitmq-cookie"), secret: true);
        var nodes = options
            .BrokerNodes.Select(node =>
                builder
                    .AddExecutable(node.Name, "bash", repositoryRoot, "eng/run-rabbitmq.sh")
                    .WithArgs(
                        Path.Combine(dataDirectory, node.Name),
                        node.Port.ToString(CultureInfo.InvariantCulture),
                        options.EpmdPort.ToString(CultureInfo.InvariantCulture),
                        node.DistributionPort.ToString(CultureInfo.InvariantCulture)
                    )
                    .WithEnvironment("RABBITMQ_USER", credentials.BrokerUser)
                    .WithEnvironment("RABBITMQ_PASSWORD", credentials.BrokerPassword)
                    .WithEnvironment("RABBITMQ_COOKIE", cookie)
                    .WithEndpoint(port: node.Port, targetPort: node.Port, scheme: "tcp", name: "tcp", isProxied: false)
                    .WithHealthCheck(ServerHealthChecks.Ready(node))
                    .WaitFor(epmd)
                    .WithRestartOnCrash()
            )
            .ToList();

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
            nodes[0],
            [.. nodes.Select(node => node.GetEndpoint("tcp"))],
            nodes.Count > 1 ? JoinCluster(builder, options, dataDirectory, repositoryRoot, cookie, nodes) : null,
            mailSink,
            mailSink.GetEndpoint("smtp")
        );
    }

    // Once every node answers: nodes 2.. join the first (stop_app, join_cluster, start_app). It
    // runs to its end; services start only after it, so every quorum queue they declare has a
    // member on every node. Not supervised: a node started again later rejoins from its data.
    private static IResourceBuilder<IResource> JoinCluster(
        IDistributedApplicationBuilder builder,
        InfrastructureOptions options,
        string dataDirectory,
        string repositoryRoot,
        IResourceBuilder<ParameterResource> cookie,
        List<IResourceBuilder<ExecutableResource>> nodes
    )
    {
        var join = builder
            .AddExecutable("rabbitmq-cluster", "bash", repositoryRoot, "eng/join-rabbitmq-cluster.sh")
            .WithArgs([
                Path.Combine(dataDirectory, "rabbitmq-cluster"),
                options.EpmdPort.ToString(CultureInfo.InvariantCulture),
                .. options.BrokerNodes.Select(node => node.NodeName),
            ])
            .WithEnvironment("RABBITMQ_COOKIE", cookie);
        foreach (var node in nodes)
            join.WaitFor(node);
        return join;
    }
}
