using System.Text.Json;
using Habatan.Notifications.FanOut;
using Microsoft.Extensions.Options;

namespace Habatan.Notifications.Reminders.Series;

// Issue #17, point 7: plan a series once, read it back, and see what awaits the caller.
public static class ReminderSeriesApi
{
    public const string Prefix = "/api/notifications/ops/reminder-series";

    public static IEndpointRouteBuilder MapReminderSeriesApi(this IEndpointRouteBuilder app)
    {
        var ops = app.MapGroup(Prefix).WithTags("Reminder series");
        ops.MapPost("/", PlanAsync).RequireAuthorization(Policies.Operator);
        ops.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Ops);
        app.MapGet($"{RemindersApi.Prefix}/awaiting", AwaitingAsync)
            .WithTags("Reminder series")
            .RequireAuthorization(Policies.Ops);
        return app;
    }

    private static async Task<IResult> PlanAsync(
        PlanSeriesRequest request,
        ClaimsPrincipal user,
        DbSession session,
        TimeProvider time,
        IOptions<FanOutOptions> fanOut,
        IOptions<SeriesOptions> options,
        CancellationToken cancellationToken
    )
    {
        var now = time.GetUtcNow();
        var steps = SeriesPlan.Steps(request, options.Value.Lead, now);
        var errors = SeriesPlan.Check(request, steps, now);
        var planned = new List<(SeriesStep Step, NewReminder Reminder)>();
        foreach (var step in errors.Count == 0 ? steps : [])
        {
            // Each step is checked as the reminder it will be; the count is entered on its day.
            var stepErrors = ReminderValidation.Validate(
                new CreateReminderRequest(
                    request.Name is null ? null : $"{request.Name}（{step.Step}/{steps.Count}）",
                    request.Audience,
                    request.CampaignCode,
                    request.Subject,
                    request.Body,
                    request.Channels,
                    1,
                    step.SendFrom,
                    step.SendUntil,
                    request.MessagesPerSecond,
                    request.SeedList,
                    request.CampaignTitle,
                    request.Deadline
                ),
                request.CampaignCode ?? "",
                fanOut.Value.DefaultMessagesPerSecond,
                out var reminder
            );
            foreach (var (field, messages) in stepErrors)
                errors[field] = messages;
            if (reminder is not null)
                planned.Add((step, reminder with { DeclaredCount = 0 }));
        }
        if (errors.Count > 0)
            return ReminderProblems.Invalid(errors);

        var id = Guid.NewGuid();
        await session.ExecuteAsync(
            "INSERT INTO reminder_series (id, name, planned_by) VALUES ($1, $2, $3)",
            cancellationToken,
            id,
            request.Name!.Trim(),
            RemindersApi.Caller(user)
        );
        foreach (var (step, reminder) in planned)
            await session.ExecuteAsync(
                """
                INSERT INTO reminder_series_step (series_id, step, opens_at, send_from, send_until, planned)
                VALUES ($1, $2, $3, $4, $5, $6::jsonb)
                """,
                cancellationToken,
                id,
                step.Step,
                step.OpensAt,
                step.SendFrom,
                step.SendUntil,
                JsonSerializer.Serialize(reminder)
            );
        await session.CommitAsync(cancellationToken);
        return TypedResults.Created($"{Prefix}/{id}", new SeriesPlanned(id, steps));
    }

    private static async Task<IResult> GetAsync(
        Guid id,
        DbSession session,
        ReminderStore store,
        CancellationToken cancellationToken
    )
    {
        var steps = await session.QueryAsync(
            """
            SELECT s.step, s.opens_at, s.send_from, s.send_until, s.reminder_id
            FROM reminder_series_step s
            WHERE s.series_id = $1
            ORDER BY s.step
            """,
            reader =>
                (
                    Step: new SeriesStep(
                        reader.GetInt32(0),
                        reader.GetFieldValue<DateTimeOffset>(1),
                        reader.GetFieldValue<DateTimeOffset>(2),
                        reader.GetFieldValue<DateTimeOffset>(3)
                    ),
                    ReminderId: reader.IsDBNull(4) ? (Guid?)null : reader.GetGuid(4)
                ),
            cancellationToken,
            id
        );
        if (steps.Count == 0)
            return ReminderProblems.NotFound();
        var views = new List<SeriesStepView>();
        foreach (var (step, reminderId) in steps)
        {
            var saga = reminderId is { } r ? await store.SagaAsync(r, cancellationToken) : null;
            views.Add(
                new SeriesStepView(
                    step,
                    reminderId,
                    reminderId is null ? "Planned" : saga?.CurrentState ?? ReminderView.Requested,
                    saga?.DeclaredCount,
                    saga?.ResolvedCount,
                    saga?.Problem
                )
            );
        }
        return TypedResults.Ok(views);
    }

    // What awaits the caller: reminders stopped for reconciliation (an operator enters or
    // corrects the day's declared count) and reminders awaiting approval that the caller neither
    // requested nor last changed (only those can the caller approve: four eyes).
    private static async Task<IResult> AwaitingAsync(
        ClaimsPrincipal user,
        DbSession session,
        CancellationToken cancellationToken
    )
    {
        var caller = RemindersApi.Caller(user);
        var rows = await session.QueryAsync(
            """
            SELECT c.id, c.name, c.send_from, c.send_until, i.data->>'CurrentState', i.data->>'Problem'
            FROM saga_instance i
            JOIN reminder c ON c.id = i.correlation_id
            WHERE i.saga_type = $1
              AND (i.data->>'CurrentState' IN ('ReconciliationFailed', 'AudienceUnavailable')
                   OR (i.data->>'CurrentState' = 'AwaitingApproval'
                       AND i.data->>'RequestedBy' <> $2 AND i.data->>'LastChangedBy' <> $2))
            ORDER BY c.send_until
            """,
            reader => new AwaitingReminder(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)
            ),
            cancellationToken,
            ReminderStateMachine.SagaType,
            caller
        );
        var canApprove = user.IsInRole(Roles.Approver);
        var canReconcile = user.IsInRole(Roles.Operator);
        return TypedResults.Ok(
            rows.Where(r => r.State == nameof(ReminderStateMachine.AwaitingApproval) ? canApprove : canReconcile)
                .ToList()
        );
    }
}

public sealed record SeriesPlanned(Guid Id, IReadOnlyList<SeriesStep> Steps);

public sealed record SeriesStepView(
    SeriesStep Step,
    Guid? ReminderId,
    string State,
    int? Declared,
    int? Resolved,
    string? Problem
);

public sealed record AwaitingReminder(
    Guid Id,
    string Name,
    DateTimeOffset SendFrom,
    DateTimeOffset SendUntil,
    string State,
    string? Problem
);
