using Habatan.Infrastructure.Data;
using Habatan.Infrastructure.Outbox;

namespace Habatan.Infrastructure.Tests.Support;

// Two services with their own databases on one broker: the sender publishes through its
// outbox, the receiver handles through its inbox.
public sealed class SenderAndReceiver : IAsyncDisposable
{
    public required TestService Sender { get; init; }
    public required TestService Receiver { get; init; }
    public required ConsumerFaults Faults { get; init; }

    public static async Task<SenderAndReceiver> StartAsync(
        ServersFixture servers,
        string name,
        IReadOnlyDictionary<string, string?>? senderSettings = null
    )
    {
        var faults = new ConsumerFaults();
        var receiver = await TestService.StartAsync(
            $"{name}-receiver",
            await servers.Postgres.CreateDatabaseAsync("receiver"),
            servers.RabbitMq.Address,
            consumers: bus => bus.AddConsumer<RecordingConsumer>(),
            services: s => s.AddSingleton(faults),
            schemaSql: RecordingConsumer.Schema
        );
        var sender = await TestService.StartAsync(
            $"{name}-sender",
            await servers.Postgres.CreateDatabaseAsync("sender"),
            servers.RabbitMq.Address,
            settings: senderSettings
        );
        return new SenderAndReceiver
        {
            Sender = sender,
            Receiver = receiver,
            Faults = faults,
        };
    }

    // Publishes the numbers in one transaction of the sender, committed or rolled back.
    public async Task PublishAsync(IEnumerable<int> numbers, bool commit = true)
    {
        await using var scope = Sender.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
        foreach (var number in numbers)
            await outbox.PublishAsync(new NumberedMessage(number));
        if (commit)
            await session.CommitAsync();
        else
            await session.RollbackAsync();
    }

    public Task<long> HandledCountAsync() => Receiver.ScalarAsync("SELECT count(*) FROM handled");

    public Task<long> DistinctHandledCountAsync() => Receiver.ScalarAsync("SELECT count(DISTINCT number) FROM handled");

    public Task<long> PendingInOutboxAsync() => Sender.ScalarAsync("SELECT count(*) FROM outbox_message");

    // For a failed assertion: where the messages are.
    public async Task<string> DescribeAsync() =>
        $"handled {await HandledCountAsync()} ({await DistinctHandledCountAsync()} distinct), "
        + $"{await PendingInOutboxAsync()} still in the outbox, "
        + $"last outbox error: {await Sender.TextAsync("SELECT max(last_error) FROM outbox_message")}";

    public async ValueTask DisposeAsync()
    {
        await Sender.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
