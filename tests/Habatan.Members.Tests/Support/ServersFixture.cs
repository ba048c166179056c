namespace Habatan.Members.Tests.Support;

// Real PostgreSQL and RabbitMQ for the collection, and one Members service on them. Tests in
// the collection run one after another and keep to their own campaigns and addresses.
public sealed class ServersFixture : IAsyncLifetime
{
    private TestServers? _servers;

    public PostgresServer Postgres => _servers!.Postgres;

    public RabbitMqServer RabbitMq => _servers!.RabbitMq;

    public MembersService Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _servers = await TestServers.StartAsync();
        try
        {
            Service = await MembersService.StartAsync(await Postgres.CreateDatabaseAsync("members"), RabbitMq.Address);
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
        if (_servers is not null)
            await _servers.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "servers";
}
