namespace Habatan.Members.Imports;

// Wakes this replica's worker for a kind as soon as an upload to this replica is queued; other
// replicas find the job at their next poll.
public sealed class ImportJobSignal
{
    private readonly Dictionary<ImportKind, SemaphoreSlim> _wakes = Enum.GetValues<ImportKind>()
        .ToDictionary(kind => kind, _ => new SemaphoreSlim(0, 1));

    public void Wake(ImportKind kind)
    {
        try
        {
            _wakes[kind].Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    public Task<bool> WaitAsync(ImportKind kind, TimeSpan timeout, CancellationToken cancellationToken) =>
        _wakes[kind].WaitAsync(timeout, cancellationToken);
}
