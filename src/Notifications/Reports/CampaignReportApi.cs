using Habatan.Infrastructure.Data;
using Habatan.Notifications.Campaigns;
using Habatan.ServiceDefaults.Identity;

namespace Habatan.Notifications.Reports;

public static class CampaignReportApi
{
    public static IEndpointRouteBuilder MapCampaignReportApi(this IEndpointRouteBuilder app)
    {
        var ops = app.MapGroup(CampaignsApi.Prefix).WithTags("Campaigns").RequireAuthorization(Policies.Ops);
        ops.MapGet("/{id:guid}/report", async (Guid id, CampaignStore store, DbSession session, TimeProvider time, CancellationToken ct) =>
            await CampaignReport.BuildAsync(id, store, session, time, ct) is { } report ? TypedResults.Ok(report) : CampaignProblems.NotFound());
        ops.MapGet("/{id:guid}/report.csv", async (Guid id, CampaignStore store, DbSession session, TimeProvider time, CancellationToken ct) =>
            await CampaignReport.BuildAsync(id, store, session, time, ct) is { } report
                ? TypedResults.File(CampaignReportCsv.Write(report), "text/csv; charset=utf-8", $"campaign-{id}-{report.GeneratedAt:yyyyMMddHHmmss}.csv")
                : CampaignProblems.NotFound());
        return app;
    }
}
