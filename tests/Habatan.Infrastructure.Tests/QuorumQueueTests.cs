using Habatan.Infrastructure.Tests.Support;
using MassTransit;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Habatan.Infrastructure.Tests;

// Every service queue is a quorum queue (QuorumQueues): RabbitMQ accepts a redeclaration only
// with the arguments the queue has, so declaring it again as quorum succeeds and as classic is
// refused. A temporary queue cannot be a quorum queue and stays as it was.
[Collection(ServersCollection.Name)]
public sealed class QuorumQueueTests(ServersFixture servers)
{
    [Fact]
    public async Task AServiceQueueIsAQuorumQueue()
    {
        await using var services = await SenderAndReceiver.StartAsync(servers, "quorum");
        var queue = new KebabCaseEndpointNameFormatter(
            "quorum-receiver",
            includeNamespace: false
        ).Consumer<RecordingConsumer>();

        Assert.Equal("quorum", await RedeclareAsync(queue, "quorum"));
        Assert.Contains("PRECONDITION_FAILED", await RedeclareAsync(queue, "classic"), StringComparison.Ordinal);
    }

    // Were it declared as quorum, it would be durable and outlive its process: one more queue on
    // the broker for every process ever started.
    [Fact]
    public async Task ATemporaryQueueIsNoQuorumQueueAndGoesWithItsProcess()
    {
        var service = await TestService.StartAsync(
            "quorum-temporary",
            await servers.Postgres.CreateDatabaseAsync("temporary"),
            servers.RabbitMq.Address,
            consumers: bus =>
                bus.AddConsumer<RecordingConsumer>()
                    .Endpoint(e =>
                    {
                        e.Temporary = true;
                        e.InstanceId = "one-process";
                    }),
            services: s => s.AddSingleton(new ConsumerFaults()),
            schemaSql: RecordingConsumer.Schema
        );
        var queue = "quorum-temporary-recording-one-process";
        // Exclusive to its process's connection, which no quorum queue can be.
        Assert.Contains("RESOURCE_LOCKED", await LookUpAsync(queue), StringComparison.Ordinal);

        await service.DisposeAsync();

        Assert.Contains("NOT_FOUND", await LookUpAsync(queue), StringComparison.Ordinal);
    }

    private async Task<string> LookUpAsync(string queue)
    {
        await using var connection = await new ConnectionFactory
        {
            Uri = servers.RabbitMq.Address,
        }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return $"{(await channel.QueueDeclarePassiveAsync(queue)).ConsumerCount} consumers";
        }
        catch (OperationInterruptedException refused)
        {
            return refused.Message;
        }
    }

    private async Task<string> RedeclareAsync(string queue, string type)
    {
        await using var connection = await new ConnectionFactory
        {
            Uri = servers.RabbitMq.Address,
        }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            await channel.QueueDeclareAsync(
                queue,
                durable: true,
                exclusive: false,
                autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = type }
            );
            return type;
        }
        catch (OperationInterruptedException refused)
        {
            return refused.Message;
        }
    }
}
