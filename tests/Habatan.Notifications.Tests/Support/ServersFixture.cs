namespace Habatan.Notifications.Tests.Support;

// Real PostgreSQL, RabbitMQ and smtp4dev for the whole collection, and one Notifications
// service on them. One service only: a second one would compete for the same queues. The service
// mails through a test relay that passes everything on to smtp4dev unless a test tells it to
// answer a recipient otherwise (a 4xx, a 5xx, a dropped or stalled connection).
public sealed class ServersFixture : IAsyncLifetime
{
    private TestServers? _servers;
    private string _database = "";

    public PostgresServer Postgres => _servers!.Postgres;

    public RabbitMqServer RabbitMq => _servers!.RabbitMq;

    public MailSinkServer MailSink => _servers!.MailSink;

    public SmtpRelay Relay { get; private set; } = null!;

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
            Relay = await SmtpRelay.StartAsync(forwardToPort: MailSink.SmtpPort);
            Service = await NotificationsService.StartAsync(
                _database,
                RabbitMq.Address,
                Relay.ConnectionString,
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
            Relay.ConnectionString,
            Tokens.PublicKeyPem
        );
    }

    public async Task DisposeAsync()
    {
        if (Members is not null)
            await Members.DisposeAsync();
        if (Service is not null)
            await Service.DisposeAsync();
        if (Relay is not null)
            await Relay.DisposeAsync();
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
