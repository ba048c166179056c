namespace Habatan.Notifications.FanOut;

// Values of reminder.channels and reminder_delivery.channel (checked by the tables).
public static class DeliveryChannels
{
    public const string Email = "email";
    public const string Inbox = "inbox";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Email, Inbox };
}
