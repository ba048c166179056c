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
    public int SmtpPort { get; set; } = 2525;
    public int MailUiPort { get; set; } = 5081;
    public int MailImapPort { get; set; } = 51430;

    // The SMTP server the services send to (smtp://host:port), when it is not the mail sink:
    // a real relay, or the benchmark's counting sink. The sink still runs for its web UI.
    public string? MailRelay { get; set; }
}
