using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Habatan.AppHost.Supervision;

internal static class SupervisionExtensions
{
    // "--Supervision:MaxRestarts=N" and "--Supervision:Window=hh:mm:ss" tune the restart budget.
    public static IDistributedApplicationBuilder AddSupervisor(this IDistributedApplicationBuilder builder)
    {
        builder.Services.Configure<SupervisionOptions>(builder.Configuration.GetSection(SupervisionOptions.Section));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<Supervisor>();
        return builder;
    }
}
