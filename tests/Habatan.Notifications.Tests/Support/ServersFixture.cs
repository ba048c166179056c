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

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var rabbitMq = RabbitMqServer.StartNewAsync();
        var mailSink = MailSinkServer.StartAsync();
        try
        {
            await Task.WhenAll(postgres, rabbitMq, mailSink);
            Service = await NotificationsService.StartAsync(await postgres.Result.CreateDatabaseAsync("notifications"), rabbitMq.Result.Address, mailSink.Result.ConnectionString);
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

    public async Task DisposeAsync()
    {
        if (Service is not null) await Service.DisposeAsync();
        if (MailSink is not null) await MailSink.DisposeAsync();
        if (RabbitMq is not null) await RabbitMq.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
        Activities.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "servers";
}
