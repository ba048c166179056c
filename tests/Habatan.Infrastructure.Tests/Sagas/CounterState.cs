using MassTransit;

namespace Habatan.Infrastructure.Tests.Sagas;

public sealed class CounterState : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }

    public string? CurrentState { get; set; }

    public int Count { get; set; }

    public int Version { get; set; }
}
