using Habatan.Infrastructure.Tests.Sagas.Messages;

namespace Habatan.Infrastructure.Tests.Sagas;

[Collection(ServersCollection.Name)]
public sealed class SagaInboxTests(ServersFixture servers)
{
    [Fact]
    public async Task SagaWritesCommitWithTheInboxRow()
    {
        await using var service = await CounterSagaService.StartAsync(servers, "saga_inbox");
        var counterId = Guid.NewGuid();
        await service.StartCounterAsync(counterId);
        var messageId = Guid.NewGuid();
        service.Probe.FailAfterSaga = true;

        await service.PublishAsync(new CounterIncremented(counterId), messageId);

        // Two failed attempts: the first delivery and one retry, each after the saga's update.
        Assert.True(
            await Eventually.HoldsAsync(
                () => Task.FromResult(service.Probe.InjectedFailures >= 2),
                CounterSagaService.Timeout
            ),
            "The injected failure never happened."
        );
        // The failing attempts had written version 2 in their transaction before they threw.
        Assert.All(service.Probe.VersionsSeenBeforeFailure, version => Assert.Equal(2, version));
        var failed = (await service.ReadAsync(counterId))!;
        Assert.Equal((0, 1), (failed.Count, failed.Version));
        Assert.Equal(0, await service.InboxRowsAsync(messageId));

        service.Probe.FailAfterSaga = false;

        Assert.True(
            await Eventually.HoldsAsync(
                async () => (await service.ReadAsync(counterId))?.Count == 1,
                CounterSagaService.Timeout
            ),
            "The retry never advanced the saga."
        );
        var succeeded = (await service.ReadAsync(counterId))!;
        Assert.Equal((1, 2, 2), (succeeded.Count, succeeded.Version, succeeded.DataVersion));
        Assert.Equal(1, await service.InboxRowsAsync(messageId));
        Assert.Equal(service.Probe.InjectedFailures + 1, service.Probe.Attempts);
    }

    [Fact]
    public async Task RedeliveredMessageDoesNotAdvanceTheSagaTwice()
    {
        await using var service = await CounterSagaService.StartAsync(servers, "saga_redelivery");
        var received = new ReceivedMessages();
        using var observer = service.Bus.ConnectReceiveObserver(received);
        var counterId = Guid.NewGuid();
        await service.StartCounterAsync(counterId);
        var messageId = Guid.NewGuid();

        await service.PublishAsync(new CounterIncremented(counterId), messageId);
        await service.PublishAsync(new CounterIncremented(counterId), messageId);

        Assert.True(
            await Eventually.HoldsAsync(
                () => Task.FromResult(received.Completed(messageId) == 2),
                CounterSagaService.Timeout
            ),
            $"The endpoint finished {received.Completed(messageId)} of the 2 copies."
        );
        var row = (await service.ReadAsync(counterId))!;
        Assert.Equal((1, 2), (row.Count, row.Version));
        Assert.Equal(1, service.Probe.Attempts);
        Assert.Equal(1, await service.InboxRowsAsync(messageId));
    }
}
