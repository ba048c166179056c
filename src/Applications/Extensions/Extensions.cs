using Habatan.Applications.Audit;
using Habatan.Applications.Campaigns;
using Habatan.Applications.Demo;
using Habatan.Applications.Diagnostics;
using Habatan.Applications.Lifecycle;
using Habatan.Applications.MyPage;
using Habatan.Applications.Review;
using Habatan.Applications.Submissions;
using Habatan.Infrastructure;
using Habatan.Infrastructure.Retention;

namespace Habatan.Applications.Extensions;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationsServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceInfrastructure(ServiceName.Value);

        builder.Services.AddOptions<DocumentOptions>().BindConfiguration("Applications:Documents");
        builder.Services.AddSingleton<ApplicationsMetrics>();
        builder.Services.AddScoped<CampaignStore>();
        builder.Services.AddScoped<SubmissionStore>();
        builder.Services.AddScoped<ApplicationRecords>();
        builder.Services.AddScoped<ApplicationTransitions>();
        builder.Services.AddScoped<AccessAudit>();
        builder.Services.AddSingleton<LeakTripwire>();
        builder.Services.AddScoped<BreachScope>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddExceptionHandler<AccessLeakRefusedHandler>();
        builder.Services.AddScoped<ReviewReader>();
        builder.Services.AddScoped<MyPageReader>();
        builder.AddRetention(Retention.AccessAudit, Retention.IdImages);
        builder.Services.AddHostedService<ApplicationsDemoSeeder>();
        return builder;
    }
}
