namespace Habatan.Infrastructure.Tests.Outbox;

[Collection(ServersCollection.Name)]
public sealed class OutboxTests(ServersFixture servers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task CommittedMessagesAreDeliveredOnceEach()
    {
        await using var services = await SenderAndReceiver.StartAsync(servers, "outbox-commit");

        await services.PublishAsync(Enumerable.Range(1, 50));

        Assert.True(
            await Eventually.HoldsAsync(async () => await services.HandledCountAsync() >= 50, Patience),
            await services.DescribeAsync()
        );
        await Task.Delay(500); // room for a stray second copy to arrive, if there were one
        Assert.Equal(50, await services.HandledCountAsync());
        Assert.Equal(50, await services.DistinctHandledCountAsync());
        Assert.Equal(0, await services.PendingInOutboxAsync());
    }

    [Fact]
    public async Task RolledBackTransactionPublishesNothing()
    {
        await using var services = await SenderAndReceiver.StartAsync(servers, "outbox-rollback");

        await services.PublishAsync([1, 2, 3], commit: false);
        await services.PublishAsync([4]);

        Assert.True(
            await Eventually.HoldsAsync(async () => await services.HandledCountAsync() >= 1, Patience),
            await services.DescribeAsync()
        );
        await Task.Delay(500);
        Assert.Equal(1, await services.HandledCountAsync());
        Assert.Equal(4, await services.Receiver.ScalarAsync("SELECT min(number) FROM handled"));
    }

    [Fact]
    public async Task MessagesWaitInTheOutboxWhileTheBrokerIsDownAndLeaveWhenItIsBack() =>
        await WaitWhileCutThenLeaveOnceEachAsync(
            "outbox-down",
            () => servers.RabbitMq.StopAsync(),
            () => servers.RabbitMq.StartAsync(),
            TimeSpan.FromSeconds(3)
        );

    // Publishers blocked by a memory alarm: the broker takes the publish but never confirms it,
    // the connection stays open. The send is abandoned at its timeout (10 s) and tried again, so
    // a copy may reach the queue twice once the alarm clears; the inbox handles it once.
    [Fact]
    public async Task MessagesTheBrokerDoesNotConfirmStayAndLeaveOnceEachWhenItDoes() =>
        await WaitWhileCutThenLeaveOnceEachAsync(
            "outbox-blocked",
            servers.RabbitMq.BlockPublishersAsync,
            servers.RabbitMq.UnblockPublishersAsync,
            TimeSpan.FromSeconds(12)
        );

    // Twenty messages written while the broker is cut stay in the outbox for `held`; once it is
    // back, each reaches the consumer exactly once and the outbox empties.
    private async Task WaitWhileCutThenLeaveOnceEachAsync(
        string name,
        Func<Task> cut,
        Func<Task> restore,
        TimeSpan held
    )
    {
        await using var services = await SenderAndReceiver.StartAsync(servers, name);
        await cut();
        try
        {
            await services.PublishAsync(Enumerable.Range(1, 20));
            await Task.Delay(held);
            Assert.Equal(20, await services.PendingInOutboxAsync());
        }
        finally
        {
            await restore();
        }

        Assert.True(
            await Eventually.HoldsAsync(async () => await services.HandledCountAsync() >= 20, Patience),
            await services.DescribeAsync()
        );
        await Task.Delay(1000);
        Assert.Equal(20, await services.HandledCountAsync());
        Assert.Equal(20, await services.DistinctHandledCountAsync());
        Assert.True(
            await Eventually.HoldsAsync(async () => await services.PendingInOutboxAsync() == 0, Patience),
            await services.DescribeAsync()
        );
    }

    [Fact]
    public async Task BrokerCrashDuringDeliveryLosesNothingAndHandlesNothingTwice()
    {
        const int count = 2000;
        await using var services = await SenderAndReceiver.StartAsync(servers, "outbox-crash");

        for (var batch = 0; batch < count / 100; batch++)
            await services.PublishAsync(Enumerable.Range(batch * 100 + 1, 100));

        // Cut the broker while deliveries and consumption are under way.
        Assert.True(await Eventually.HoldsAsync(async () => await services.HandledCountAsync() > 0, Patience));
        await servers.RabbitMq.StopAsync(crash: true);
        var handledAtCrash = await services.HandledCountAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await servers.RabbitMq.StartAsync();

        Assert.True(
            await Eventually.HoldsAsync(
                async () => await services.DistinctHandledCountAsync() >= count,
                TimeSpan.FromSeconds(120)
            ),
            $"{await services.DescribeAsync()}; at the crash: {handledAtCrash} of {count}"
        );
        await Task.Delay(2000);
        Assert.True(
            handledAtCrash < count,
            "the broker was cut only after everything was handled; the test proved nothing"
        );
        Assert.Equal(count, await services.HandledCountAsync());
        Assert.Equal(count, await services.DistinctHandledCountAsync());
        Assert.Equal(0, await services.PendingInOutboxAsync());
    }
}
