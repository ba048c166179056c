using Habatan.Infrastructure;

namespace Habatan.Notifications.Extensions;

internal static class Extensions
{
    public static IHostApplicationBuilder AddNotificationsServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceInfrastructure(ServiceName.Value);
        return builder;
    }
}
