namespace Habatan.Members.Extensions;

// Names this service's database ("membersdb"), queues and API prefix (/api/members).
internal static class ServiceName
{
    public const string Value = "members";
}
