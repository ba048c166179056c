namespace Habatan.AppHost.Supervision;

// How many restarts a process has left, and how long to wait before the next: at most
// MaxRestarts within a sliding Window, with a doubling backoff.
internal sealed class RestartBudget(SupervisionOptions options, TimeProvider time)
{
    private readonly Queue<DateTimeOffset> _restarts = new();

    public int Used => _restarts.Count;

    // The wait before the next restart, or null once the budget is spent.
    public TimeSpan? NextBackoff()
    {
        var now = time.GetUtcNow();
        while (_restarts.Count > 0 && now - _restarts.Peek() >= options.Window)
            _restarts.Dequeue();
        if (_restarts.Count >= options.MaxRestarts)
            return null;
        var backoff = options.FirstBackoff * Math.Pow(2, _restarts.Count);
        _restarts.Enqueue(now);
        return backoff < options.MaxBackoff ? backoff : options.MaxBackoff;
    }
}
