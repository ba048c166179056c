using Habatan.Infrastructure.Inbox;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Habatan.Infrastructure.Tests.Inbox;

[Collection(ServersCollection.Name)]
public sealed class InboxTests(ServersFixture servers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RedeliveredMessageIsHandledOnce()
    {
        await using var services = await SenderAndReceiver.StartAsync(servers, "inbox-redelivery");
        var bus = services.Sender.Services.GetRequiredService<IBus>();
        var messageId = NewId.NextGuid();

        // The same message id three times, as a broker redelivery or an outbox re-send would.
        for (var i = 0; i < 3; i++)
            await bus.Publish(new NumberedMessage(7), context => context.MessageId = messageId);
        await bus.Publish(new NumberedMessage(8));

        Assert.True(
            await Eventually.HoldsAsync(
                async () => await services.Receiver.ScalarAsync("SELECT count(*) FROM handled WHERE number = 8") == 1,
                Patience
            )
        );
        await Task.Delay(500);
        Assert.Equal(1, await services.Receiver.ScalarAsync("SELECT count(*) FROM handled WHERE number = 7"));
        Assert.Equal(
            1,
            await services.Receiver.ScalarAsync($"SELECT count(*) FROM inbox_message WHERE message_id = '{messageId}'")
        );
    }

    [Fact]
    public async Task FailedHandlingRollsBackItsInboxRowSoTheRetryHandlesIt()
    {
        await using var services = await SenderAndReceiver.StartAsync(servers, "inbox-retry");
        services.Faults.FailTimes(5, times: 2);

        await services.PublishAsync([5]);

        Assert.True(await Eventually.HoldsAsync(async () => await services.HandledCountAsync() >= 1, Patience));
        await Task.Delay(500);
        // Two failed attempts wrote rows that were rolled back; only the third one stands.
        Assert.Equal(1, await services.HandledCountAsync());
        Assert.Equal(1, await services.Receiver.ScalarAsync("SELECT count(*) FROM inbox_message"));
    }

    [Fact]
    public async Task CleanupRemovesRowsOlderThanTheWindowOnly()
    {
        await using var service = await TestService.StartAsync(
            "inbox-cleanup",
            await servers.Postgres.CreateDatabaseAsync("cleanup"),
            servers.RabbitMq.Address
        );
        await using (
            var seed = service.DataSource.CreateCommand(
                """
                INSERT INTO inbox_message (message_id, consumer, received_at) VALUES
                  (gen_random_uuid(), 'old', now() - interval '8 days'),
                  (gen_random_uuid(), 'old', now() - interval '7 days 1 minute'),
                  (gen_random_uuid(), 'recent', now() - interval '6 days')
                """
            )
        )
        {
            await seed.ExecuteNonQueryAsync();
        }

        var cleanup = new InboxCleanupService(
            service.DataSource,
            Options.Create(new InboxOptions()),
            NullLogger<InboxCleanupService>.Instance
        );
        var removed = await cleanup.RemoveExpiredAsync(TimeSpan.FromDays(7), CancellationToken.None);

        // The service's own cleanup job may have run between the seed and this call, and taken
        // the old rows first: what must hold is which rows are left, and that nothing else went.
        Assert.InRange(removed, 0, 2);
        Assert.Equal(1, await service.ScalarAsync("SELECT count(*) FROM inbox_message WHERE consumer = 'recent'"));
        Assert.Equal(0, await service.ScalarAsync("SELECT count(*) FROM inbox_message WHERE consumer = 'old'"));
    }
}
