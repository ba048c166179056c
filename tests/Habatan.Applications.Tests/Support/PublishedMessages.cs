using System.Collections.Concurrent;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Habatan.Applications.Tests.Support;

// What the service published to the broker (after its outbox delivered it), as another
// service would receive it: bound to MassTransit's exchanges for the two contracts.
public sealed class PublishedMessages : IAsyncDisposable
{
    public const string Approved = "Habatan.Contracts.Applications:ApplicationApproved";
    public const string CorrectionRequested = "Habatan.Contracts.Applications:ApplicationCorrectionRequested";
    public const string LeakDetected = "Habatan.Contracts.Audit:AccessLeakDetected";

    private readonly ConcurrentQueue<(string Exchange, JsonElement Message)> _received = new();
    private IConnection _connection = null!;
    private IChannel _channel = null!;

    public static async Task<PublishedMessages> ListenAsync(Uri broker)
    {
        var messages = new PublishedMessages();
        messages._connection = await new ConnectionFactory { Uri = broker }.CreateConnectionAsync();
        messages._channel = await messages._connection.CreateChannelAsync();
        var consumer = new AsyncEventingBasicConsumer(messages._channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            using var envelope = JsonDocument.Parse(Encoding.UTF8.GetString(delivery.Body.Span));
            messages._received.Enqueue((delivery.Exchange, envelope.RootElement.GetProperty("message").Clone()));
            return Task.CompletedTask;
        };
        foreach (var exchange in new[] { Approved, CorrectionRequested, LeakDetected })
        {
            // Declared as MassTransit declares it, so whichever comes first the other agrees.
            await messages._channel.ExchangeDeclareAsync(
                exchange,
                ExchangeType.Fanout,
                durable: true,
                autoDelete: false
            );
            var queue = await messages._channel.QueueDeclareAsync();
            await messages._channel.QueueBindAsync(queue.QueueName, exchange, "");
            await messages._channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
        }
        return messages;
    }

    public IReadOnlyList<JsonElement> On(string exchange) =>
        [.. _received.Where(r => r.Exchange == exchange).Select(r => r.Message)];

    public async Task<IReadOnlyList<JsonElement>> WaitForAsync(
        string exchange,
        Func<JsonElement, bool> match,
        TimeSpan? patience = null
    ) =>
        await Eventually.GetAsync(
            () => Task.FromResult(On(exchange).Where(match).ToList()),
            found => found.Count > 0,
            patience ?? TimeSpan.FromSeconds(20)
        );

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
            await _channel.DisposeAsync();
        if (_connection is not null)
            await _connection.DisposeAsync();
    }
}
