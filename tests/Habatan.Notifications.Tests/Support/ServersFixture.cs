namespace Habatan.Notifications.Tests.Support;

// Real PostgreSQL, RabbitMQ and smtp4dev for the whole collection, and one Notifications
// service on them. One service only: a second one would compete for the same queues.
public sealed class ServersFixture : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;
    public RabbitMqServer RabbitMq { get; private set; } = null!;
    public MailSinkServer MailSink { get; private set; } = null!;
    public NotificationsService Service { get; private set; } = null!;
    public CapturingActivityListener Activities { get; } = new();
    public TestTokens Tokens { get; } = new();
    public MembersDouble Members { get; private set; } = null!;
    private string _database = "";

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var rabbitMq = RabbitMqServer.StartNewAsync();
        var mailSink = MailSinkServer.StartAsync();
        try
        {
            await Task.WhenAll(postgres, rabbitMq, mailSink);
            _database = await postgres.Result.CreateDatabaseAsync("notifications");
            Service = await NotificationsService.StartAsync(_database, rabbitMq.Result.Address, mailSink.Result.ConnectionString, Tokens.PublicKeyPem);
            Members = await MembersDouble.StartAsync(rabbitMq.Result.Address);
        }
        catch
        {
            // Whatever did start must not outlive a failed start.
            Postgres = postgres.IsCompletedSuccessfully ? postgres.Result : null!;
            RabbitMq = rabbitMq.IsCompletedSuccessfully ? rabbitMq.Result : null!;
            MailSink = mailSink.IsCompletedSuccessfully ? mailSink.Result : null!;
            await DisposeAsync();
            throw;
        }
        Postgres = postgres.Result;
        RabbitMq = rabbitMq.Result;
        MailSink = mailSink.Result;
    }

    // A stop and a start of the service on the same database, as a deployment or a crash-free
    // restart would do; the old instance finishes its batch before it goes.
    public async Task RestartServiceAsync()
    {
        await Service.DisposeAsync();
        Service = await NotificationsService.StartAsync(_database, RabbitMq.Address, MailSink.ConnectionString, Tokens.PublicKeyPem);
    }

    public async Task DisposeAsync()
    {
        if (Members is not null) await Members.DisposeAsync();
        if (Service is not null) await Service.DisposeAsync();
        if (MailSink is not null) await MailSink.DisposeAsync();
        if (RabbitMq is not null) await RabbitMq.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
        Activities.Dispose();
        Tokens.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "servers";
}
