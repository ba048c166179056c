namespace Habatan.Notifications.Extensions;

// Names this service's database ("notificationsdb"), queues and API prefix (/api/notifications).
internal static class ServiceName
{
    public const string Value = "notifications";
}
