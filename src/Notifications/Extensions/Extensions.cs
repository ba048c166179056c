using Habatan.Infrastructure;
using Habatan.Notifications.Email;
using Habatan.Notifications.SignInCodes;

namespace Habatan.Notifications.Extensions;

internal static class Extensions
{
    public static IHostApplicationBuilder AddNotificationsServices(this IHostApplicationBuilder builder)
    {
        builder.AddEmail();
        builder.AddServiceInfrastructure(ServiceName.Value, bus => bus.AddConsumer<SignInCodeRequestedConsumer>());
        return builder;
    }
}
