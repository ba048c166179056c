namespace Habatan.Notifications.FanOut;

public sealed class FanOutOptions
{
    public const string Section = "FanOut";

    // Rows claimed per batch, at most, and never more than one second's worth of the reminder's
    // rate: a halt lags by one batch at most.
    public int BatchSize { get; set; } = 200;

    // How often an idle sender looks for work.
    public TimeSpan IdlePoll { get; set; } = TimeSpan.FromMilliseconds(500);

    // A claim is a lease for this long, renewed every third of it while its sender works. One not
    // renewed in time belongs to a sender that died (or lost its database) mid-batch: any replica
    // then marks its rows Unknown. Long enough that a slow database round trip does not lose it.
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    // Attempts at a mail the server did not accept (4xx, or no connection), the first included.
    public int MaxAttempts { get; set; } = 5;

    // The wait before the second attempt; each further one waits twice as long (DeliveryRetry).
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMinutes(1);

    // Default throttle for a reminder created without one.
    public int DefaultMessagesPerSecond { get; set; } = 50;
}
