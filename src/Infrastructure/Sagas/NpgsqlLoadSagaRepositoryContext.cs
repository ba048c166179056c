using MassTransit;
using MassTransit.Middleware;
using MassTransit.Saga;

namespace Habatan.Infrastructure.Sagas;

// Reading an instance outside a message, for ILoadSagaRepository<TSaga>.Load.
internal sealed class NpgsqlLoadSagaRepositoryContext<TSaga>(
    NpgsqlSagaStore<TSaga> store,
    CancellationToken cancellationToken
) : BasePipeContext(cancellationToken), LoadSagaRepositoryContext<TSaga>
    where TSaga : class, ISaga
{
    public async Task<TSaga> Load(Guid correlationId) => (await store.LoadAsync(correlationId, CancellationToken))!;
}
