namespace Habatan.Applications.Extensions;

// Names this service's database ("applicationsdb"), queues and API prefix (/api/applications).
internal static class ServiceName
{
    public const string Value = "applications";
}
