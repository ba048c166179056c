namespace Habatan.Applications.Tests.Support;

// Real PostgreSQL and RabbitMQ for the whole collection, one Applications service on them and
// a listener on the exchanges the service publishes to.
public sealed class ServersFixture : IAsyncLifetime
{
    private TestServers? _servers;

    public PostgresServer Postgres => _servers!.Postgres;

    public RabbitMqServer RabbitMq => _servers!.RabbitMq;

    public ApplicationsService Service { get; private set; } = null!;

    public PublishedMessages Published { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _servers = await TestServers.StartAsync();
        try
        {
            Published = await PublishedMessages.ListenAsync(RabbitMq.Address);
            Service = new ApplicationsService(await Postgres.CreateDatabaseAsync("applications"), RabbitMq.Address);
            // The factory starts the host lazily: start it now, migrations and all.
            using var client = Service.CreateClient();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (Service is not null)
            await Service.DisposeAsync();
        if (Published is not null)
            await Published.DisposeAsync();
        if (_servers is not null)
            await _servers.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "servers";
}
