using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;

namespace Habatan.Infrastructure.Sagas;

// The saga repository as one message sees it; every call goes to the message's store.
internal sealed class NpgsqlSagaRepositoryContext<TSaga, TMessage>
    : ConsumeContextScope<TMessage>,
        SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISaga
    where TMessage : class
{
    private readonly NpgsqlSagaStore<TSaga> _store;
    private readonly ConsumeContext<TMessage> _consumeContext;
    private readonly ISagaConsumeContextFactory<NpgsqlSagaStore<TSaga>, TSaga> _factory;

    public NpgsqlSagaRepositoryContext(
        NpgsqlSagaStore<TSaga> store,
        ConsumeContext<TMessage> consumeContext,
        ISagaConsumeContextFactory<NpgsqlSagaStore<TSaga>, TSaga> factory
    )
        : base(consumeContext)
    {
        _store = store;
        _consumeContext = consumeContext;
        _factory = factory;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(
        ConsumeContext<T> context,
        TSaga instance,
        SagaConsumeContextMode mode
    )
        where T : class => _factory.CreateSagaConsumeContext(_store, context, instance, mode);

    // A new instance is written by Save, once the saga has run on it.
    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        _factory.CreateSagaConsumeContext(_store, _consumeContext, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        // MassTransit's contract: no context when the instance exists, and it loads that one instead.
        if (!await _store.TryInsertAsync(instance, CancellationToken))
            return null!;

        return await _factory.CreateSagaConsumeContext(
            _store,
            _consumeContext,
            instance,
            SagaConsumeContextMode.Insert
        );
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var instance = await _store.LoadAsync(correlationId, CancellationToken);
        if (instance is null)
            return null!;

        return await _factory.CreateSagaConsumeContext(_store, _consumeContext, instance, SagaConsumeContextMode.Load);
    }

    public Task Save(SagaConsumeContext<TSaga> context) => _store.InsertAsync(context.Saga, CancellationToken);

    public Task Update(SagaConsumeContext<TSaga> context) => _store.UpdateAsync(context.Saga, CancellationToken);

    public Task Delete(SagaConsumeContext<TSaga> context) => _store.DeleteAsync(context.Saga, CancellationToken);

    // Nothing was written for these, and a failed unit of work is rolled back as a whole.
    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context) => Task.CompletedTask;
}
