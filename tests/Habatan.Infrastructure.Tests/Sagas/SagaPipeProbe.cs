namespace Habatan.Infrastructure.Tests.Sagas;

// What the tests observe and steer of the increments, between the inbox filter and the saga repository.
public sealed class SagaPipeProbe
{
    private int _attempts;
    private int _concurrencyConflicts;
    private int _injectedFailures;
    private volatile bool _failAfterSaga;

    public int Attempts => Volatile.Read(ref _attempts);

    public int ConcurrencyConflicts => Volatile.Read(ref _concurrencyConflicts);

    public int InjectedFailures => Volatile.Read(ref _injectedFailures);

    // Versions the failing attempts saw inside their own transaction, just before they threw.
    public System.Collections.Concurrent.ConcurrentQueue<int?> VersionsSeenBeforeFailure { get; } = new();

    public bool FailAfterSaga
    {
        get => _failAfterSaga;
        set => _failAfterSaga = value;
    }

    // Opens once two increments have loaded the instance, so both saw the same version.
    public ConcurrencyGate LoadedTogether { get; } = new(parties: 2, timeout: TimeSpan.FromSeconds(10));

    internal void Attempted() => Interlocked.Increment(ref _attempts);

    internal void ConflictSeen() => Interlocked.Increment(ref _concurrencyConflicts);

    internal void FailureInjected() => Interlocked.Increment(ref _injectedFailures);
}
