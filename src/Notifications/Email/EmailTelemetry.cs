using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Habatan.Notifications.Email;

// The SMTP send as a span of the consumer's trace, and a count of sent mail. The source is named
// after the application, which ServiceDefaults already traces; the meter is the shared "Habatan".
// Tags name the kind and the server only: never an address, a subject or a body.
public sealed class EmailTelemetry : IDisposable
{
    public const string SourceName = "Habatan.Notifications";

    public static readonly ActivitySource Source = new(SourceName);

    private readonly Meter _meter;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;

    public EmailTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create("Habatan");
        _sent = _meter.CreateCounter<long>("habatan.email.sent", description: "Mail accepted by the SMTP server");
        _failed = _meter.CreateCounter<long>(
            "habatan.email.failed",
            description: "Sends the SMTP server did not accept"
        );
    }

    public void Sent(string kind) => _sent.Add(1, new KeyValuePair<string, object?>("email.kind", kind));

    // Tagged with the outcome: NotAccepted (will be retried), Refused, Unknown (may have arrived).
    public void Failed(string kind, SendOutcome outcome) =>
        _failed.Add(
            1,
            new KeyValuePair<string, object?>("email.kind", kind),
            new KeyValuePair<string, object?>("email.outcome", outcome.ToString())
        );

    public void Dispose() => _meter.Dispose();
}
