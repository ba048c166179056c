namespace Habatan.Infrastructure.Tests.Sagas;

// Holds the first arrivals until `parties` of them are waiting, then lets everyone through.
// Bounded: after the timeout the waiters go on, and the test's assertions report the miss.
public sealed class ConcurrencyGate(int parties, TimeSpan timeout)
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public bool Enabled { get; set; }

    public bool TimedOut { get; private set; }

    public async Task PassAsync()
    {
        if (!Enabled)
            return;
        if (Interlocked.Increment(ref _arrived) >= parties)
            _open.TrySetResult();
        try
        {
            await _open.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            TimedOut = true;
            _open.TrySetResult();
        }
    }
}
