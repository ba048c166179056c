namespace Habatan.Infrastructure.Tests.Outbox;

[Collection(ServersCollection.Name)]
public sealed class OutboxDeadLetterTests(ServersFixture servers)
{
    private const int MaxAttempts = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AnUnpublishableMessageIsDeadLetteredAfterItsTriesAndTheNextOneIsDelivered()
    {
        await using var services = await SenderAndReceiver.StartAsync(
            servers,
            "outbox-dead-letter",
            new Dictionary<string, string?> { ["Messaging:Outbox:MaxAttempts"] = $"{MaxAttempts}" }
        );
        // Two rows no build can publish, ahead of a good one: a type this build does not know
        // (as a newer release might write) and a body that does not fit its type.
        await services.Sender.ScalarAsync(
            """
            INSERT INTO outbox_message (message_id, message_type, body)
            VALUES (gen_random_uuid(), 'Habatan.Nowhere.Gone, Habatan.Nowhere', '{}'),
                   (gen_random_uuid(),
                    'Habatan.Infrastructure.Tests.Support.NumberedMessage, Habatan.Infrastructure.Tests',
                    '{"Number": "seven"}')
            """
        );
        await services.PublishAsync([7]);

        Assert.True(
            await Eventually.HoldsAsync(async () => await services.HandledCountAsync() >= 1, Patience),
            await services.DescribeAsync()
        );
        Assert.Equal(7, await services.Receiver.ScalarAsync("SELECT min(number) FROM handled"));
        // The receiver can handle the message before the sender's pass commits (the dead letters
        // and the delivered row leave the outbox in that commit): wait for it, bounded.
        Assert.True(
            await Eventually.HoldsAsync(async () => await services.PendingInOutboxAsync() == 0, Patience),
            await services.DescribeAsync()
        );
        Assert.Equal(
            2,
            await services.Sender.ScalarAsync($"SELECT count(*) FROM outbox_dead_letter WHERE attempts = {MaxAttempts}")
        );
        Assert.Equal(
            2,
            await services.Sender.ScalarAsync(
                """
                SELECT count(*)
                FROM outbox_dead_letter
                WHERE last_error IS NOT NULL
                  AND first_attempt_at < last_attempt_at
                  AND last_attempt_at <= dead_lettered_at
                """
            )
        );
    }

    [Fact]
    public async Task TriesWhileTheBrokerIsDownDoNotCount()
    {
        await using var services = await SenderAndReceiver.StartAsync(
            servers,
            "outbox-no-count",
            new Dictionary<string, string?> { ["Messaging:Outbox:MaxAttempts"] = "2" }
        );
        await servers.RabbitMq.StopAsync();
        try
        {
            await services.PublishAsync([1, 2]);
            // Well over two retry delays (0.5 s each): long enough to dead-letter, were they counted.
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.Equal(0, await services.Sender.ScalarAsync("SELECT count(*) FROM outbox_dead_letter"));
            Assert.Equal(2, await services.PendingInOutboxAsync());
        }
        finally
        {
            await servers.RabbitMq.StartAsync();
        }

        Assert.True(
            await Eventually.HoldsAsync(async () => await services.DistinctHandledCountAsync() >= 2, Patience),
            await services.DescribeAsync()
        );
        Assert.Equal(0, await services.Sender.ScalarAsync("SELECT count(*) FROM outbox_dead_letter"));
    }
}
