using Habatan.AppHost.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Habatan.AppHost;

// Readiness of the servers as a client sees it: a process that runs is not yet a server that
// answers. Services wait for these before they start.
internal static class ServerHealthChecks
{
    public const string Postgres = "postgres-ready";
    public const string Smtp = "mailsink-ready";

    // "rabbitmq-ready" for the first node, "rabbitmq-2-ready" and so on for a cluster's others.
    public static string Ready(BrokerNode node) => $"{node.Name}-ready";

    public static void AddServerHealthChecks(
        this IDistributedApplicationBuilder builder,
        InfrastructureOptions options,
        string postgresPassword
    )
    {
        var checks = builder.Services.AddHealthChecks();
        foreach (var node in options.BrokerNodes)
            checks.AddCheck(
                Ready(node),
                new ProtocolGreetingCheck(node.Port, "AMQP\0\0\x09\x01"u8.ToArray(), expectedFirstByte: 1)
            );
        checks
            .AddCheck(
                Postgres,
                new PostgresReadyCheck(
                    $"Host=127.0.0.1;Port={options.PostgresPort};Username=postgres;Password={postgresPassword};"
                        + "Database=postgres;Timeout=3;Pooling=false"
                )
            )
            .AddCheck(Smtp, new ProtocolGreetingCheck(options.SmtpPort, [], expectedFirstByte: (byte)'2'));
    }
}
