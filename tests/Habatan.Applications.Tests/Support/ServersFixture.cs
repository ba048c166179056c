namespace Habatan.Applications.Tests.Support;

// Real PostgreSQL and RabbitMQ for the whole collection, one Applications service on them and
// a listener on the exchanges the service publishes to.
public sealed class ServersFixture : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;
    public RabbitMqServer RabbitMq { get; private set; } = null!;
    public ApplicationsService Service { get; private set; } = null!;
    public PublishedMessages Published { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var rabbitMq = RabbitMqServer.StartNewAsync();
        try
        {
            await Task.WhenAll(postgres, rabbitMq);
            Postgres = postgres.Result;
            RabbitMq = rabbitMq.Result;
            Published = await PublishedMessages.ListenAsync(RabbitMq.Address);
            Service = new ApplicationsService(await Postgres.CreateDatabaseAsync("applications"), RabbitMq.Address);
            // The factory starts the host lazily: start it now, migrations and all.
            using var client = Service.CreateClient();
        }
        catch
        {
            // Whatever did start must not outlive a failed start.
            Postgres = postgres.IsCompletedSuccessfully ? postgres.Result : null!;
            RabbitMq = rabbitMq.IsCompletedSuccessfully ? rabbitMq.Result : null!;
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (Service is not null) await Service.DisposeAsync();
        if (Published is not null) await Published.DisposeAsync();
        if (RabbitMq is not null) await RabbitMq.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "servers";
}
