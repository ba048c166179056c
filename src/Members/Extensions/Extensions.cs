using Habatan.Infrastructure;

namespace Habatan.Members.Extensions;

internal static class Extensions
{
    public static IHostApplicationBuilder AddMembersServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceInfrastructure(ServiceName.Value);
        return builder;
    }
}
