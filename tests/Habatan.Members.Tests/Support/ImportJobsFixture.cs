using Habatan.Members.Imports;
using Microsoft.Extensions.Hosting;

namespace Habatan.Members.Tests.Support;

// Two Members replicas on one database, as in production with more than one: one with its HTTP
// API (the tests upload and poll through it), and a second running only its import job worker
// (two buses in one process would declare the same per-process queue).
// Short poll and heartbeat intervals, so the tests see the jobs move within a second.
public sealed class ImportJobsFixture : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Members:Imports:JobPollInterval"] = "00:00:00.200",
        ["Members:Imports:JobHeartbeat"] = "00:00:00.200",
    };

    private TestServers? _servers;

    public MembersWebService Web { get; private set; } = null!;

    public MembersService Replica { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _servers = await TestServers.StartAsync();
        var database = await _servers.Postgres.CreateDatabaseAsync("members");
        Web = new MembersWebService(database, _servers.RabbitMq.Address, Settings);
        _ = Web.Server; // starts it: migrations, then the workers
        Replica = await MembersService.StartAsync(database, _servers.RabbitMq.Address, Settings, seedOnly: true);
        await Worker.StartAsync(CancellationToken.None);
    }

    private ImportJobWorker Worker => Replica.Services.GetServices<IHostedService>().OfType<ImportJobWorker>().Single();

    public async Task DisposeAsync()
    {
        if (Replica is not null)
        {
            await Worker.StopAsync(CancellationToken.None);
            await Replica.DisposeAsync();
        }
        if (Web is not null)
            await Web.DisposeAsync();
        if (_servers is not null)
            await _servers.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ImportJobsCollection : ICollectionFixture<ImportJobsFixture>
{
    public const string Name = "import jobs";
}
