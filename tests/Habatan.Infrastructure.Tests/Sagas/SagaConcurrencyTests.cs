using Habatan.Infrastructure.Tests.Sagas.Messages;

namespace Habatan.Infrastructure.Tests.Sagas;

[Collection(ServersCollection.Name)]
public sealed class SagaConcurrencyTests(ServersFixture servers)
{
    private const int Increments = 20;

    [Fact]
    public async Task TwoConcurrentUpdatesOfOneInstanceOneWinsTheOtherRetries()
    {
        await using var service = await CounterSagaService.StartAsync(servers, "saga_concurrency");
        var counterId = Guid.NewGuid();
        await service.StartCounterAsync(counterId);
        // The first two increments wait for each other after loading, so they are sure to collide.
        service.Probe.LoadedTogether.Enabled = true;

        await Task.WhenAll(
            Enumerable
                .Range(0, Increments)
                .Select(_ => service.PublishAsync(new CounterIncremented(counterId), Guid.NewGuid()))
        );

        Assert.True(
            await Eventually.HoldsAsync(
                async () => (await service.ReadAsync(counterId))?.Count == Increments,
                CounterSagaService.Timeout
            ),
            $"Count is {(await service.ReadAsync(counterId))?.Count}, expected {Increments}."
        );
        var row = (await service.ReadAsync(counterId))!;
        Assert.Equal(1 + Increments, row.Version);
        Assert.Equal(row.Version, row.DataVersion);
        Assert.Equal("Counting", row.CurrentState);
        Assert.False(service.Probe.LoadedTogether.TimedOut, "The first two increments never ran side by side.");
        Assert.True(
            service.Probe.ConcurrencyConflicts >= 1,
            "No increment lost a concurrent write, so no retry was exercised."
        );
        // Every lost write ran the message once more, and nothing else failed.
        Assert.Equal(Increments + service.Probe.ConcurrencyConflicts, service.Probe.Attempts);
    }

    [Fact]
    public async Task ConcurrentlyStartedInstanceIsCreatedOnce()
    {
        await using var service = await CounterSagaService.StartAsync(servers, "saga_concurrent_start");
        var received = new ReceivedMessages();
        using var observer = service.Bus.ConnectReceiveObserver(received);
        var counterId = Guid.NewGuid();
        var messageIds = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(
            messageIds.Select(messageId => service.PublishAsync(new CounterStarted(counterId), messageId))
        );

        Assert.True(
            await Eventually.HoldsAsync(
                () => Task.FromResult(messageIds.All(id => received.Completed(id) == 1)),
                CounterSagaService.Timeout
            ),
            "Not every start message was handled."
        );
        var row = (await service.ReadAsync(counterId))!;
        Assert.Equal((0, "Counting"), (row.Count, row.CurrentState));
        // A start that lost the insert was retried, found the instance, and ignored the event.
        foreach (var messageId in messageIds)
            Assert.Equal(1, await service.InboxRowsAsync(messageId));
    }
}
