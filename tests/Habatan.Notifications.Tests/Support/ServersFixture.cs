namespace Habatan.Notifications.Tests.Support;

// Real PostgreSQL, RabbitMQ and smtp4dev for the whole collection, and one Notifications
// service on them. One service only: a second one would compete for the same queues.
public sealed class ServersFixture : IAsyncLifetime
{
    private TestServers? _servers;
    private string _database = "";

    public PostgresServer Postgres => _servers!.Postgres;

    public RabbitMqServer RabbitMq => _servers!.RabbitMq;

    public MailSinkServer MailSink => _servers!.MailSink;

    public NotificationsService Service { get; private set; } = null!;

    public CapturingActivityListener Activities { get; } = new();

    public TestTokens Tokens { get; } = new();

    public MembersDouble Members { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _servers = await TestServers.StartAsync(withMailSink: true);
        try
        {
            _database = await Postgres.CreateDatabaseAsync("notifications");
            Service = await NotificationsService.StartAsync(
                _database,
                RabbitMq.Address,
                MailSink.ConnectionString,
                Tokens.PublicKeyPem
            );
            Members = await MembersDouble.StartAsync(RabbitMq.Address);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    // A stop and a start of the service on the same database, as a deployment or a crash-free
    // restart would do; the old instance finishes its batch before it goes.
    public async Task RestartServiceAsync()
    {
        await Service.DisposeAsync();
        Service = await NotificationsService.StartAsync(
            _database,
            RabbitMq.Address,
            MailSink.ConnectionString,
            Tokens.PublicKeyPem
        );
    }

    public async Task DisposeAsync()
    {
        if (Members is not null)
            await Members.DisposeAsync();
        if (Service is not null)
            await Service.DisposeAsync();
        if (_servers is not null)
            await _servers.DisposeAsync();
        Activities.Dispose();
        Tokens.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "servers";
}
