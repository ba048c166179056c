namespace Habatan.Infrastructure.Tests.Support;

// One PostgreSQL server and one RabbitMQ broker for the whole collection. Tests run one after
// another inside it, so a test may stop and restart the broker without disturbing others.
public sealed class ServersFixture : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;
    public RabbitMqServer RabbitMq { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var rabbitMq = RabbitMqServer.StartNewAsync();
        Postgres = await postgres;
        RabbitMq = await rabbitMq;
    }

    public async Task DisposeAsync()
    {
        if (Postgres is not null) await Postgres.DisposeAsync();
        if (RabbitMq is not null) await RabbitMq.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "servers";
}
