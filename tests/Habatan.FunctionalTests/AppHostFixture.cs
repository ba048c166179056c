using System.Globalization;
using Habatan.FunctionalTests.Fleet;
using Microsoft.Extensions.Logging;

namespace Habatan.FunctionalTests;

// The whole system as the AppHost starts it (real PostgreSQL, RabbitMQ and smtp4dev as
// processes), once for a test collection, on free ports and a data folder of its own so it
// never meets a developer's running instance. One process of each service and of the gateway;
// TwoReplicasFixture runs the same system as a fleet.
public class AppHostFixture : IAsyncLifetime
{
    // A fleet of eight service processes starts in about 1.5 minutes on a quiet 2-core machine;
    // beside other test projects in a full run, once more than 5.
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(8);

    public const int SignInPermitLimit = 200;
    public static readonly TimeSpan SignInWindow = TimeSpan.FromSeconds(10);

    public DistributedApplication App { get; private set; } = null!;
    public string DataDirectory { get; } = RepositoryPaths.TestData("apphost");
    public int EpmdPort { get; } = FreePort.Next();
    public ResourceLogs Logs { get; } = new();
    private OtlpCollector? _collector;

    public OtlpCollector Collector => _collector ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        // The services export telemetry as in a deployment, to a collector that accepts it.
        _collector = await OtlpCollector.StartAsync();
        string Port() => FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Habatan_AppHost>(
            [
                "--Infrastructure:Mode=executables",
                $"--Infrastructure:DataDirectory={DataDirectory}",
                $"--Infrastructure:PostgresPort={Port()}",
                $"--Infrastructure:RabbitMqPort={Port()}",
                $"--Infrastructure:RabbitMqDistributionPort={Port()}",
                $"--Infrastructure:EpmdPort={EpmdPort}",
                $"--Infrastructure:SmtpPort={Port()}",
                $"--Infrastructure:MailUiPort={Port()}",
                $"--Infrastructure:MailImapPort={Port()}",
                "--DcpPublisher:RandomizePorts=true",
                $"--Services:members:Members:RoleGrants={Accounts.Operator}=operator;{Accounts.Admin}=admin;"
                    + $"{Accounts.Reviewer}=reviewer;{Accounts.Auditor}=auditor;{Accounts.Approver}=approver",
                // Every test signs in from 127.0.0.1: per-client limits sized for a whole test run.
                "--Services:members:SignIn:MaxCodesPerClient=100000",
                // A reminder series' steps open 20 seconds before they send (production: 9 hours).
                "--Services:notifications:Reminders:Series:Lead=00:00:20",
                "--Services:notifications:Reminders:Series:Poll=00:00:01",
                $"--Services:gateway:RateLimits:sign-in:PermitLimit={SignInPermitLimit}",
                $"--Services:gateway:RateLimits:sign-in:Window={SignInWindow}",
                // The API reference as in production (ops roles only), not as in Development (anyone).
                "--Services:gateway:ApiReference:OpenToAnyone=false",
                .. ReplicaArguments,
                .. _collector.AppHostArguments(AppHostProjects.Names),
            ],
            timeout.Token
        );

        builder.Services.AddLogging(logging => logging.AddProvider(Logs));
        App = await builder.BuildAsync(timeout.Token);
        try
        {
            await App.StartAsync(timeout.Token);
            await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // Say which resource was not there yet, instead of "a task was canceled".
            var states = (await ResourceInstances.AllAsync(App)).Select(i => $"{i.Id}: {i.State ?? "no state"}");
            throw new TimeoutException(
                $"The AppHost did not start within {StartTimeout}. Resources: {string.Join(", ", states)}"
            );
        }
    }

    // "--Replicas:<name>=N" for each project that runs more than once.
    protected virtual IEnumerable<string> ReplicaArguments => [];

    public HttpClient CreateGatewayClient() => App.CreateHttpClient("gateway", "http");

    public MailSinkClient CreateMailSinkClient() => new(App.CreateHttpClient("mailsink", "http"));

    public SignInDriver SignIn => new(this);

    // Ops accounts sign in once per run: Members allows an address only 5 codes per 15 minutes.
    private readonly OnceUnlessFailed<string> _opsTokens = new();

    public Task<string> OpsTokenAsync(string email) => _opsTokens.GetAsync(email, e => SignIn.SignInAsync(e));

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        Logs.WriteIfAsked(GetType().Name);
        if (_collector is not null)
            await _collector.DisposeAsync();
        RepositoryPaths.TryDelete(DataDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "apphost";
}
