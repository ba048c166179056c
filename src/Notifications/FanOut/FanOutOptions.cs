namespace Habatan.Notifications.FanOut;

public sealed class FanOutOptions
{
    public const string Section = "FanOut";

    // Rows claimed per batch, at most: also how far a halt can lag (one batch).
    public int BatchSize { get; set; } = 200;

    // How often an idle sender looks for work.
    public TimeSpan IdlePoll { get; set; } = TimeSpan.FromMilliseconds(500);

    // A claim older than this belongs to a sender that died mid-batch; its rows turn Unknown.
    // Far longer than a batch can take (each send times out after Email:Timeout).
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);

    // Attempts at a mail the server did not accept (4xx, or no connection), the first included.
    public int MaxAttempts { get; set; } = 5;

    // The wait before the second attempt; each further one waits twice as long (DeliveryRetry).
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMinutes(1);

    // Default throttle for a reminder created without one.
    public int DefaultMessagesPerSecond { get; set; } = 50;
}
