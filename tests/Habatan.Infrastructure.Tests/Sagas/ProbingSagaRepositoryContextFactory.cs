using Habatan.Infrastructure.Data;
using Habatan.Infrastructure.Tests.Sagas.Messages;
using MassTransit;
using MassTransit.Saga;

namespace Habatan.Infrastructure.Tests.Sagas;

// Wraps the real repository, inside the inbox filter's transaction: when the inner Send returns,
// the saga's write is made but not yet committed. Filters on the saga's message pipe would not
// do: they run outside the inbox filter.
internal sealed class ProbingSagaRepositoryContextFactory(
    ISagaRepositoryContextFactory<CounterState> inner,
    DbSession session,
    SagaPipeProbe probe
) : ISagaRepositoryContextFactory<CounterState>
{
    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<CounterState, T>> next)
        where T : class
    {
        if (context.Message is not CounterIncremented incremented)
        {
            await inner.Send(context, next);
            return;
        }

        probe.Attempted();
        try
        {
            await inner.Send(context, next);
        }
        catch (ConcurrencyException)
        {
            probe.ConflictSeen();
            throw;
        }

        if (!probe.FailAfterSaga)
            return;

        await using var command = await session.CommandAsync(
            "SELECT version FROM saga_instance WHERE correlation_id = $1"
        );
        command.Parameters.Add(new() { Value = incremented.CounterId });
        probe.VersionsSeenBeforeFailure.Enqueue((int?)await command.ExecuteScalarAsync());
        probe.FailureInjected();
        throw new InvalidOperationException("Injected failure after the saga wrote its state.");
    }

    public Task SendQuery<T>(
        ConsumeContext<T> context,
        ISagaQuery<CounterState> query,
        IPipe<SagaRepositoryQueryContext<CounterState, T>> next
    )
        where T : class => inner.SendQuery(context, query, next);

    public void Probe(ProbeContext context) => inner.Probe(context);
}
