namespace Habatan.AppHost.Infrastructure;

// Bound from the "Infrastructure" configuration section (appsettings.json, --Infrastructure:X=..).
internal sealed class InfrastructureOptions
{
    public static readonly string[] Services = ["applications", "members", "notifications"];

    // auto: containers if a container runtime answers, else executables; external: no servers,
    // the connection strings given (ExternalServers).
    public string Mode { get; set; } = "auto";

    // Git-ignored; holds the servers' data and the generated development passwords.
    public string DataDirectory { get; set; } = "../../.data/apphost";

    public int PostgresPort { get; set; } = 54320;
    public int RabbitMqPort { get; set; } = 56720;
    public int EpmdPort { get; set; } = 54369;
    public int RabbitMqDistributionPort { get; set; } = 56721;

    // RabbitMQ as a cluster of this many nodes (executables only; a container runtime gets one
    // node). Node n (1-based) listens on RabbitMqPort + 2(n - 1) and RabbitMqDistributionPort +
    // 2(n - 1): with the defaults 56720/56721, 56722/56723, 56724/56725.
    public int RabbitMqNodes { get; set; } = 1;

    public int SmtpPort { get; set; } = 2525;
    public int MailUiPort { get; set; } = 5081;
    public int MailImapPort { get; set; } = 51430;

    // The SMTP server the services send to (smtp://host:port), when it is not the mail sink:
    // a real relay, or the benchmark's counting sink. The sink still runs for its web UI.
    public string? MailRelay { get; set; }

    public IEnumerable<BrokerNode> BrokerNodes =>
        Enumerable
            .Range(1, Math.Max(RabbitMqNodes, 1))
            .Select(n => new BrokerNode(
                n == 1 ? "rabbitmq" : $"rabbitmq-{n}",
                RabbitMqPort + 2 * (n - 1),
                RabbitMqDistributionPort + 2 * (n - 1)
            ));
}

// One RabbitMQ node: its resource (and data folder) name, AMQP port and Erlang distribution port.
// run-rabbitmq.sh names the node after its AMQP port.
internal sealed record BrokerNode(string Name, int Port, int DistributionPort)
{
    public string NodeName => $"habatan-{Port.ToString(CultureInfo.InvariantCulture)}@localhost";
}
