using Habatan.Infrastructure.Data;
using MassTransit;
using MassTransit.Saga;

namespace Habatan.Infrastructure.Sagas;

// Resolved from the message's DI scope (MassTransit reuses the scope the inbox filter opened),
// so the DbSession here is the one holding the inbox row and the outbox rows.
internal sealed class NpgsqlSagaRepositoryContextFactory<TSaga>(
    DbSession session,
    NpgsqlSagaSchema<TSaga> schema,
    ISagaConsumeContextFactory<NpgsqlSagaStore<TSaga>, TSaga> factory
) : ISagaRepositoryContextFactory<TSaga>, ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISaga
{
    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class =>
        InUnitOfWork(
            store => next.Send(new NpgsqlSagaRepositoryContext<TSaga, T>(store, context, factory)),
            context.CancellationToken
        );

    public Task SendQuery<T>(
        ConsumeContext<T> context,
        ISagaQuery<TSaga> query,
        IPipe<SagaRepositoryQueryContext<TSaga, T>> next
    )
        where T : class =>
        throw new NotSupportedException(
            $"Saga {schema.SagaType} is stored as JSON and can only be correlated by CorrelationId, "
                + "not by a query expression."
        );

    public async Task<T> Execute<T>(
        Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod,
        CancellationToken cancellationToken = default
    )
        where T : class
    {
        T result = null!;
        await InUnitOfWork(
            async store =>
                result = await asyncMethod(new NpgsqlLoadSagaRepositoryContext<TSaga>(store, cancellationToken)),
            cancellationToken
        );
        return result;
    }

    public void Probe(ProbeContext context)
    {
        context.Add("persistence", "npgsql");
        context.Add("sagaType", schema.SagaType);
    }

    // Joins the transaction a filter already began (the inbox); without one, the saga's writes
    // get a transaction of their own, committed once the saga has run.
    private async Task InUnitOfWork(Func<NpgsqlSagaStore<TSaga>, Task> work, CancellationToken cancellationToken)
    {
        var ownsTransaction = !session.HasTransaction;
        try
        {
            await work(new NpgsqlSagaStore<TSaga>(session, schema));
            if (ownsTransaction)
                await session.CommitAsync(cancellationToken);
        }
        catch
        {
            if (ownsTransaction)
                await session.RollbackAsync(CancellationToken.None);
            throw;
        }
    }
}
