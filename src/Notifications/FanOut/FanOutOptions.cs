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

    // Default throttle for a reminder created without one.
    public int DefaultMessagesPerSecond { get; set; } = 50;
}
