namespace Habatan.Infrastructure.Tests.Support;

// One PostgreSQL server and one RabbitMQ broker for the whole collection. Tests run one after
// another inside it, so a test may stop and restart the broker without disturbing others.
public sealed class ServersFixture : IAsyncLifetime
{
    private TestServers? _servers;

    public PostgresServer Postgres => _servers!.Postgres;

    public RabbitMqServer RabbitMq => _servers!.RabbitMq;

    public async Task InitializeAsync() => _servers = await TestServers.StartAsync();

    public async Task DisposeAsync()
    {
        if (_servers is not null)
            await _servers.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "servers";
}
