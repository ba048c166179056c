using Habatan.Infrastructure;

namespace Habatan.Applications.Extensions;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationsServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceInfrastructure(ServiceName.Value);
        return builder;
    }
}
