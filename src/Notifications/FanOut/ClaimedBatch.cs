namespace Habatan.Notifications.FanOut;

// A batch from its claim until it is recorded or released: its rows, those Members still calls
// eligible, the moment its reserved send slots begin, and the lease renewal that runs for as long
// as the batch is in hand (disposing it stops the renewal).
internal sealed class ClaimedBatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _inHand = new();
    private readonly Task _renewing;
    private int _disposed;

    public ClaimedBatch(
        SendableReminder reminder,
        List<ClaimedDelivery> claimed,
        long slotsFrom,
        Func<long[], CancellationToken, Task> renew
    )
    {
        Reminder = reminder;
        Claimed = claimed;
        SlotsFrom = slotsFrom;
        _renewing = renew([.. claimed.Select(d => d.Id)], _inHand.Token);
    }

    public SendableReminder Reminder { get; }

    public List<ClaimedDelivery> Claimed { get; }

    // The claimed rows left after the eligibility check; until then, none.
    public IReadOnlyList<ClaimedDelivery> ToSend { get; private set; } = [];

    // TimeProvider timestamp at which the first reserved slot began (ReminderThrottle).
    public long SlotsFrom { get; }

    public void Checked(IReadOnlyList<ClaimedDelivery> toSend) => ToSend = toSend;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _inHand.CancelAsync();
        await _renewing;
        _inHand.Dispose();
    }
}
