using System.Collections.Concurrent;
using MassTransit;

namespace Habatan.Infrastructure.Tests.Sagas;

// Counts deliveries the endpoint has finished with, duplicates dropped by the inbox included.
internal sealed class ReceivedMessages : IReceiveObserver
{
    private readonly ConcurrentDictionary<Guid, int> _completed = new();

    public int Completed(Guid messageId) => _completed.GetValueOrDefault(messageId);

    public Task PostReceive(ReceiveContext context)
    {
        if (context.GetMessageId() is { } messageId)
            _completed.AddOrUpdate(messageId, 1, (_, count) => count + 1);
        return Task.CompletedTask;
    }

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    public ConcurrentQueue<Exception> Faults { get; } = new();

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class
    {
        Faults.Enqueue(exception);
        return Task.CompletedTask;
    }

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        Faults.Enqueue(exception);
        return Task.CompletedTask;
    }
}
