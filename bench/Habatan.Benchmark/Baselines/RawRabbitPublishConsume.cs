using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Habatan.Benchmark.Baselines;

// The broker's ceiling for the fan-out: RabbitMQ.Client publishing persistent messages of a
// delivery's size to a durable queue with publisher confirms (each publish awaits its confirm,
// many in flight), while a consumer on its own channel acknowledges each one. Two rates: the
// confirmed publish rate, and the rate until the last message was consumed.
internal static class RawRabbitPublishConsume
{
    private const string Queue = "bench.raw-fan-out";
    private const int InFlight = 256;
    private const ushort Prefetch = 256;

    public static async Task<RabbitTiming> RunAsync(
        Uri broker,
        int count,
        ProgressTask progress,
        CancellationToken cancellationToken
    )
    {
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync("habatan-benchmark", cancellationToken);
        await using var publisher = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken
        );
        await publisher.QueueDeclareAsync(
            Queue,
            durable: true,
            exclusive: false,
            autoDelete: false,
            cancellationToken: cancellationToken
        );
        await publisher.QueuePurgeAsync(Queue, cancellationToken);

        await using var consumerChannel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await consumerChannel.BasicQosAsync(0, Prefetch, false, cancellationToken);
        var consumed = 0;
        var allConsumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(consumerChannel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            await consumerChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            if (Interlocked.Increment(ref consumed) == count)
                allConsumed.TrySetResult();
        };
        var tag = await consumerChannel.BasicConsumeAsync(Queue, autoAck: false, consumer, cancellationToken);

        var properties = new BasicProperties { Persistent = true, ContentType = "application/json" };
        var clock = Stopwatch.StartNew();
        var burst = await Burst.RunAsync(
            count,
            InFlight,
            async (i, ct) =>
            {
                var body = Encoding.UTF8.GetBytes(
                    $$"""{"reminderId":"9b1f6c1e-5d0a-4c55-9d0e-3f6c2a1b7e42","memberId":"{{i:x32}}","""
                        + $$"""
                        "email":"member-{{i:D7}}@bench.habatan.example","channel":"email","template":"charge-deadline"}
                        """
                );
                await publisher.BasicPublishAsync("", Queue, mandatory: true, properties, body, ct);
                return 0;
            },
            progress,
            cancellationToken
        );
        var published = clock.Elapsed;
        await allConsumed.Task.WaitAsync(TimeSpan.FromMinutes(15), cancellationToken);
        var drained = clock.Elapsed;
        await consumerChannel.BasicCancelAsync(tag, cancellationToken: cancellationToken);
        await publisher.QueueDeleteAsync(Queue, cancellationToken: cancellationToken);
        return new RabbitTiming(burst, published, drained, consumed);
    }
}

internal sealed record RabbitTiming(BurstResult Publish, TimeSpan Published, TimeSpan Drained, int Consumed)
{
    public double PublishPerSecond => Publish.Count / Published.TotalSeconds;

    public double ConsumedPerSecond => Consumed / Drained.TotalSeconds;
}
