using Habatan.Infrastructure.Tests.Sagas.Messages;

namespace Habatan.Infrastructure.Tests.Sagas;

[Collection(ServersCollection.Name)]
public sealed class SagaLifecycleTests(ServersFixture servers)
{
    [Fact]
    public async Task FinalizedInstanceIsRemoved()
    {
        await using var service = await CounterSagaService.StartAsync(servers, "saga_lifecycle");
        var counterId = Guid.NewGuid();
        await service.StartCounterAsync(counterId);
        var finished = Guid.NewGuid();

        await service.PublishAsync(new CounterFinished(counterId), finished);

        Assert.True(
            await Eventually.HoldsAsync(
                async () => await service.ReadAsync(counterId) is null,
                CounterSagaService.Timeout
            ),
            "The finalized instance is still stored."
        );
        Assert.Equal(1, await service.InboxRowsAsync(finished));
    }
}
