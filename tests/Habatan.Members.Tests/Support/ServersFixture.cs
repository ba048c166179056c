namespace Habatan.Members.Tests.Support;

// Real PostgreSQL and RabbitMQ for the collection, and one Members service on them. Tests in
// the collection run one after another and keep to their own campaigns and addresses.
public sealed class ServersFixture : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;
    public RabbitMqServer RabbitMq { get; private set; } = null!;
    public MembersService Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var rabbitMq = RabbitMqServer.StartNewAsync();
        try
        {
            await Task.WhenAll(postgres, rabbitMq);
            Service = await MembersService.StartAsync(await postgres.Result.CreateDatabaseAsync("members"), rabbitMq.Result.Address);
        }
        catch
        {
            // Whatever did start must not outlive a failed start.
            Postgres = postgres.IsCompletedSuccessfully ? postgres.Result : null!;
            RabbitMq = rabbitMq.IsCompletedSuccessfully ? rabbitMq.Result : null!;
            await DisposeAsync();
            throw;
        }
        Postgres = postgres.Result;
        RabbitMq = rabbitMq.Result;
    }

    public async Task DisposeAsync()
    {
        if (Service is not null) await Service.DisposeAsync();
        if (RabbitMq is not null) await RabbitMq.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "servers";
}
