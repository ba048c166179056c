using Habatan.Notifications.Reminders;

namespace Habatan.Notifications.Reports;

public static class ReminderReportApi
{
    public static IEndpointRouteBuilder MapReminderReportApi(this IEndpointRouteBuilder app)
    {
        var ops = app.MapGroup(RemindersApi.Prefix).WithTags("Reminders").RequireAuthorization(Policies.Ops);
        ops.MapGet(
            "/{id:guid}/report",
            async (Guid id, ReminderStore store, DbSession session, TimeProvider time, CancellationToken ct) =>
                await ReminderReport.BuildAsync(id, store, session, time, ct) is { } report
                    ? TypedResults.Ok(report)
                    : ReminderProblems.NotFound()
        );
        ops.MapGet(
            "/{id:guid}/report.csv",
            async (Guid id, ReminderStore store, DbSession session, TimeProvider time, CancellationToken ct) =>
                await ReminderReport.BuildAsync(id, store, session, time, ct) is { } report
                    ? TypedResults.File(
                        ReminderReportCsv.Write(report),
                        "text/csv; charset=utf-8",
                        $"reminder-{id}-{report.GeneratedAt:yyyyMMddHHmmss}.csv"
                    )
                    : ReminderProblems.NotFound()
        );
        return app;
    }
}
