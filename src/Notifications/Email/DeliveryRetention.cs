using Habatan.Infrastructure.Retention;

namespace Habatan.Notifications.Email;

// Delivery rows are kept for the questions asked after a send (reports, corrections, "did my mail
// go out"), then removed: 400 days by default, Retention:Periods:<rule> otherwise. A reminder's
// rows go only once they are final (sent, failed, unknown), never while one could still be sent.
public static class DeliveryRetention
{
    public static readonly RetentionRule EmailDeliveries = new(
        "email-deliveries",
        TimeSpan.FromDays(400),
        """
        DELETE FROM email_delivery WHERE id IN (
            SELECT id FROM email_delivery WHERE created_at < $1 ORDER BY created_at LIMIT $2)
        """
    );

    public static readonly RetentionRule ReminderDeliveries = new(
        "reminder-deliveries",
        TimeSpan.FromDays(400),
        """
        DELETE FROM reminder_delivery WHERE id IN (
            SELECT id FROM reminder_delivery
            WHERE status IN ('Sent', 'Failed', 'Unknown', 'NotAccepted') AND coalesce(sent_at, claimed_at) < $1
            LIMIT $2)
        """
    );
}
