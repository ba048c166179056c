namespace Habatan.Notifications.FanOut;

// A reminder mail the SMTP server did not accept (SendOutcome.NotAccepted: a 4xx reply, or a
// connection that failed before DATA) is tried again by a later batch, with a doubling wait, at
// most FanOut:MaxAttempts times and only while the reminder's send window is open. The row goes
// back to Pending until then, so the claim, the halt and the throttle apply to the retry as to
// the first send. Null: no attempt left (or none that fits the window); the row stays NotAccepted,
// reported as not sent: nothing arrived, so ops may send it again.
public static class DeliveryRetry
{
    public static DateTimeOffset? Next(
        int attemptsMade,
        DateTimeOffset now,
        DateTimeOffset sendUntil,
        FanOutOptions options
    )
    {
        if (attemptsMade >= options.MaxAttempts)
            return null;
        var wait = options.RetryBackoff * Math.Pow(2, Math.Max(0, attemptsMade - 1));
        var at = now + wait;
        return at < sendUntil ? at : null;
    }
}
