using System.Net.Http.Headers;
using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Habatan.Benchmark.SystemSide;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Habatan.Benchmark.Running;

// The whole system as the AppHost starts it (real PostgreSQL, RabbitMQ and smtp4dev as
// processes), on free ports and a data folder of its own, as the functional tests start it.
// The benchmark gives the AppHost the PostgreSQL superuser password (an ordinary AppHost
// parameter) so the baselines can use a database of their own on the same server.
internal sealed class BenchSystem : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
    private readonly string _dataDirectory;

    private BenchSystem(
        DistributedApplication app,
        string dataDirectory,
        NpgsqlConnectionStringBuilder superuser,
        Uri messaging,
        Uri mail,
        BenchRelay relay,
        OtlpCollector collector,
        Uri devMail
    )
    {
        App = app;
        _dataDirectory = dataDirectory;
        Superuser = superuser;
        Messaging = messaging;
        Mail = mail;
        Relay = relay;
        Collector = collector;
        DevMail = devMail;
        SignIn = new GatewaySignIn(() => Gateway(), MailSink);
    }

    public DistributedApplication App { get; }

    // The server's superuser on the "postgres" database; BenchDatabase makes the baselines' own.
    public NpgsqlConnectionStringBuilder Superuser { get; }

    public Uri Messaging { get; }

    // Where the services send mail: the benchmark's relay, which forwards all but the marked
    // mails and the generated accounts' codes to smtp4dev.
    public Uri Mail { get; }

    public BenchRelay Relay { get; }

    // Where the services export their telemetry, as to a deployment's collector.
    public OtlpCollector Collector { get; }

    // smtp4dev's own SMTP endpoint: what the development sink allows.
    public Uri DevMail { get; }

    public GatewaySignIn SignIn { get; }

    public IReadOnlyDictionary<string, string> ServerVersions { get; private set; } = new Dictionary<string, string>();

    public static async Task<BenchSystem> StartAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        var dataDirectory = Path.Combine(BenchPaths.Root, $"apphost-{Guid.NewGuid():N}"[..16]);
        var superuserPassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(18));
        string Port() => FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var smtpPort = Port();
        var devMail = new Uri($"smtp://127.0.0.1:{smtpPort}");
        var relay = await BenchRelay.StartAsync(int.Parse(smtpPort, CultureInfo.InvariantCulture));
        var collector = await OtlpCollector.StartAsync();

        DistributedApplication? app = null;
        await AnsiConsole
            .Status()
            .StartAsync(
                "Starting the AppHost (PostgreSQL, RabbitMQ, smtp4dev, gateway, services)…",
                async _ =>
                {
                    var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Habatan_AppHost>(
                        [
                            "--Infrastructure:Mode=executables",
                            $"--Infrastructure:DataDirectory={dataDirectory}",
                            $"--Infrastructure:PostgresPort={Port()}",
                            $"--Infrastructure:RabbitMqPort={Port()}",
                            $"--Infrastructure:RabbitMqDistributionPort={Port()}",
                            $"--Infrastructure:EpmdPort={Port()}",
                            $"--Infrastructure:SmtpPort={smtpPort}",
                            $"--Infrastructure:MailRelay={relay.Address}",
                            $"--Infrastructure:MailUiPort={Port()}",
                            $"--Infrastructure:MailImapPort={Port()}",
                            "--DcpPublisher:RandomizePorts=true",
                            $"--Parameters:postgres-password={superuserPassword}",
                            $"--Services:members:Members:RoleGrants={BenchAccounts.RoleGrants}",
                            // The benchmark is the balancer in front of the gateway: each member comes from
                            // its own address (PeopleAddresses), so every limit keeps production's setting.
                            .. PeopleAddresses.Balancers.Select(
                                (address, i) => $"--Services:gateway:ForwardedHeaders:KnownProxies:{i}={address}"
                            ),
                            "--Services:members:SignIn:TokenLifetime=04:00:00",
                            .. FanOutSettings.AppHostArguments,
                            .. ImportLimits.AppHostArguments(options),
                            .. Replicas(options),
                            .. collector.AppHostArguments(AppHostProjects.Names),
                            .. DeploymentTelemetry.AppHostArguments(AppHostProjects.Names),
                        ],
                        timeout.Token
                    );
                    // The resources' own logs would bury the progress display; the figures say what matters.
                    builder.Services.AddLogging(logging => logging.ClearProviders());
                    app = await builder.BuildAsync(timeout.Token);
                    await app.StartAsync(timeout.Token);
                    await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
                }
            );

        var started = app ?? throw new InvalidOperationException("The AppHost did not start.");
        var applicationsDb = new NpgsqlConnectionStringBuilder(
            await started.GetConnectionStringAsync("applicationsdb", timeout.Token)
        );
        var superuser = new NpgsqlConnectionStringBuilder
        {
            Host = applicationsDb.Host,
            Port = applicationsDb.Port,
            Username = "postgres",
            Password = superuserPassword,
            Database = "postgres",
            CommandTimeout = 0,
        };
        var messaging = new Uri((await started.GetConnectionStringAsync("messaging", timeout.Token))!);
        var mail = new Uri((await started.GetConnectionStringAsync("mail", timeout.Token))!);
        var system = new BenchSystem(started, dataDirectory, superuser, messaging, mail, relay, collector, devMail);
        system.ServerVersions = await ServerVersionsAsync(superuser);
        return system;
    }

    public HttpClient Gateway(string? token = null) => WithToken(App.CreateHttpClient("gateway", "http"), token);

    // A service's own endpoint, bypassing the gateway: the "direct" side of the overhead figures.
    public HttpClient Service(string name, string? token = null) =>
        WithToken(App.CreateHttpClient(name, "http"), token);

    // A service's own database, through the connection string the AppHost gives that service.
    public async Task<NpgsqlDataSource> DatabaseAsync(string name) =>
        NpgsqlDataSource.Create((await App.GetConnectionStringAsync(name))!);

    public MailSinkClient MailSink() => new(App.CreateHttpClient("mailsink", "http"));

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await AnsiConsole
            .Status()
            .StartAsync(
                "Stopping the AppHost…",
                async _ =>
                {
                    await App.StopAsync();
                    await App.DisposeAsync();
                }
            );
        await Relay.DisposeAsync();
        await Collector.DisposeAsync();
        RepositoryPaths.TryDelete(_dataDirectory);
    }

    // --replicas N: that many processes of the gateway and of each service (AppHost ReplicaCounts).
    private static IEnumerable<string> Replicas(BenchOptions options) =>
        options.Replicas == 1 ? [] : AppHostProjects.Names.Select(name => $"--Replicas:{name}={options.Replicas}");

    private static HttpClient WithToken(HttpClient client, string? token)
    {
        client.Timeout = TimeSpan.FromMinutes(5);
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<IReadOnlyDictionary<string, string>> ServerVersionsAsync(
        NpgsqlConnectionStringBuilder superuser
    )
    {
        await using var connection = new NpgsqlConnection(superuser.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW server_version", connection);
        return new Dictionary<string, string> { ["postgresql"] = (string)(await command.ExecuteScalarAsync())! };
    }
}
