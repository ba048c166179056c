namespace Habatan.Notifications.Email;

// Values of email_delivery.status and reminder_delivery.status (checked by the tables). The
// outcomes of a send mean the same in both (SmtpOutcome says which applies).
public static class DeliveryStatus
{
    // Reminder rows only: planned, taken by a sender, or not sendable on this channel.
    public const string Pending = "Pending";
    public const string Claimed = "Claimed";
    public const string Skipped = "Skipped";

    // One-off mail only: intent recorded, the send under way; or not sent because the code expired.
    public const string Sending = "Sending";
    public const string Expired = "Expired";

    // Accepted by the SMTP server (250 after DATA), or the in-app notice posted.
    public const string Sent = "Sent";

    // The server did not take it (4xx, or no connection before DATA) and no attempt is left: nothing arrived.
    public const string NotAccepted = "NotAccepted";

    // Refused for good (5xx, reply code kept) or an address no mail can be addressed to.
    public const string Failed = "Failed";

    // The connection was lost or timed out after DATA: it may have arrived, so it is never sent again.
    public const string Unknown = "Unknown";

    public static string For(SendOutcome outcome) =>
        outcome switch
        {
            SendOutcome.NotAccepted => NotAccepted,
            SendOutcome.Refused => Failed,
            _ => Unknown,
        };
}
