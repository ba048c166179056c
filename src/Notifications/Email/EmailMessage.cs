namespace Habatan.Notifications.Email;

// One plain-text mail to one recipient. Kind names the feature that sent it, for traces and
// metrics, which must never carry the address or the body.
public sealed record EmailMessage(string Kind, string To, string Subject, string TextBody)
{
    // A span of its own for the SMTP send; false where the caller traces a batch of sends as one
    // (a span per mail was 8 % of the service's CPU during a fan-out, docs/benchmark.md).
    public bool TracedAlone { get; init; } = true;
}
