using Habatan.Infrastructure.Tests.Sagas.Messages;
using MassTransit;

namespace Habatan.Infrastructure.Tests.Sagas;

public sealed class CounterStateMachine : MassTransitStateMachine<CounterState>
{
    public CounterStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => Started, e => e.CorrelateById(m => m.Message.CounterId));
        Event(() => Incremented, e => e.CorrelateById(m => m.Message.CounterId));
        Event(() => Finished, e => e.CorrelateById(m => m.Message.CounterId));

        Initially(When(Started).TransitionTo(Counting));
        During(
            Counting,
            When(Incremented)
                .Then(context => context.Saga.Count++)
                .ThenAsync(context =>
                    context
                        .GetPayload<IServiceScope>()
                        .ServiceProvider.GetRequiredService<SagaPipeProbe>()
                        .LoadedTogether.PassAsync()
                ),
            When(Finished).Finalize(),
            Ignore(Started)
        );
        SetCompletedWhenFinalized();
    }

    public State Counting { get; private set; } = null!;

    public Event<CounterStarted> Started { get; private set; } = null!;

    public Event<CounterIncremented> Incremented { get; private set; } = null!;

    public Event<CounterFinished> Finished { get; private set; } = null!;
}
