namespace Habatan.Infrastructure.Outbox;

// The only way a service publishes: the message is stored in the caller's transaction and
// delivered to the broker after that transaction commits.
public interface IOutbox
{
    Task PublishAsync<T>(T message, CancellationToken cancellationToken = default)
        where T : class;
}
