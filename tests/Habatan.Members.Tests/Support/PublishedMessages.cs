using System.Collections.Concurrent;
using MassTransit;

namespace Habatan.Members.Tests.Support;

// Listens, on a queue of its own, to what Members publishes for Notifications: what the
// Notifications saga would receive.
public sealed class PublishedMessages<T> : IAsyncDisposable
    where T : class
{
    private readonly ConcurrentQueue<T> _received = new();
    private HostReceiveEndpointHandle? _handle;

    public IReadOnlyCollection<T> Received => _received.ToArray();

    // The first message received that matches, waited for up to 30 seconds; null if none came.
    public Task<T?> FirstAsync(Func<T, bool> matches) =>
        Eventually.GetAsync(
            () => Task.FromResult(Received.FirstOrDefault(matches)),
            m => m is not null,
            TimeSpan.FromSeconds(30)
        );

    internal async Task ConnectAsync(IBus bus)
    {
        _handle = bus.ConnectReceiveEndpoint(
            $"members-tests-{typeof(T).Name.Replace('`', '-')}-{Guid.NewGuid():N}",
            endpoint =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.AutoDelete = true;
                    rabbit.Durable = false;
                }
                endpoint.Handler<T>(context =>
                {
                    _received.Enqueue(context.Message);
                    return Task.CompletedTask;
                });
            }
        );
        await _handle.Ready;
    }

    public async ValueTask DisposeAsync()
    {
        if (_handle is not null)
            await _handle.StopAsync();
    }
}

public static class PublishedMessages
{
    public static async Task<PublishedMessages<T>> ListenAsync<T>(IBus bus)
        where T : class
    {
        var listener = new PublishedMessages<T>();
        await listener.ConnectAsync(bus);
        return listener;
    }
}
