using System.Globalization;
using Habatan.Provisioning;

namespace Habatan.FunctionalTests.Deploying;

// The system as a cluster would run it: PostgreSQL, RabbitMQ and a mail relay started on their
// own (as a platform team's would be, with other ports, logins and a virtual host), the
// databases provisioned once by src/Provisioning, and the AppHost in external mode passing on
// the connection strings it is given, starting no server of its own.
public sealed class ExternalServersFixture : IAsyncLifetime
{
    public const string VirtualHost = "habatan-staging";
    public static readonly string[] Services = ["applications", "members", "notifications"];

    private TestServers? _servers;
    private RedisServer? _sharedState;

    public DistributedApplication App { get; private set; } = null!;

    public PostgresServer Postgres => _servers!.Postgres;

    public RabbitMqServer RabbitMq => _servers!.RabbitMq;

    public MailSinkServer Relay => _servers!.MailSink;

    public Dictionary<string, string> DatabasePasswords { get; } =
        Services.ToDictionary(s => s, _ => Guid.NewGuid().ToString("N"));

    public string DataDirectory { get; } = RepositoryPaths.TestData("apphost-external");

    public string DatabaseConnectionString(string service) =>
        $"Host=127.0.0.1;Port={Postgres.Port};Database={service}db;Username={service};"
        + $"Password={DatabasePasswords[service]};SSL Mode=Disable";

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout);
        var brokerPassword = "mq-" + Guid.NewGuid().ToString("N");
        _servers = await TestServers.StartAsync(
            withMailSink: true,
            rabbitMq: () => RabbitMqServer.StartNewAsync("platform-mq", brokerPassword, VirtualHost)
        );
        // The platform's shared-state store (a Redis) like its other servers: started apart.
        _sharedState = await RedisServer.StartNewAsync();

        // Twice: a platform team may run it again (a new service, a rotated password).
        for (var run = 0; run < 2; run++)
        {
            await DatabaseProvisioner.ProvisionAsync(
                Postgres.ConnectionString(),
                DatabasePasswords,
                TextWriter.Null,
                timeout.Token
            );
        }

        // A second node that does not answer: the broker address names a cluster.
        var broker = RabbitMq.Address;
        var messaging = $"{broker}?nodes=127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Habatan_AppHost>(
            [
                "--Infrastructure:Mode=external",
                $"--Infrastructure:DataDirectory={DataDirectory}",
                .. Services.Select(s => $"--ConnectionStrings:{s}db={DatabaseConnectionString(s)}"),
                $"--ConnectionStrings:messaging={messaging}",
                $"--ConnectionStrings:mail={Relay.ConnectionString}",
                $"--ConnectionStrings:sharedstate={_sharedState.ConnectionString}",
                "--DcpPublisher:RandomizePorts=true",
                $"--Services:members:Members:RoleGrants={Accounts.Operator}=operator",
                "--Services:members:SignIn:MaxCodesPerClient=100000",
            ],
            timeout.Token
        );

        App = await builder.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
    }

    public HttpClient CreateGatewayClient() => App.CreateHttpClient("gateway", "http");

    public GatewaySignIn SignIn => new(CreateGatewayClient, Relay.CreateClient);

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        if (_sharedState is not null)
            await _sharedState.DisposeAsync();
        if (_servers is not null)
            await _servers.DisposeAsync();
        RepositoryPaths.TryDelete(DataDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class ExternalServersCollection : ICollectionFixture<ExternalServersFixture>
{
    public const string Name = "external-servers";
}
