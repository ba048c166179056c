namespace Habatan.Notifications.SignInCodes;

// Values of email_delivery.status (checked by the table).
public static class DeliveryStatus
{
    public const string Sending = "Sending";
    public const string Sent = "Sent";
    public const string Expired = "Expired";
}
