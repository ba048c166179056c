using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Habatan.Notifications.Reminders.Series;

// Opens the steps of reminder series when their time comes, and closes the send window of any
// reminder not approved by its end. All timing from TimeProvider: "now" is passed to SQL, never
// taken from the database's clock, so a test fixes it.
//
// Runs once across replicas: each pass is one transaction that first takes a PostgreSQL
// transaction-level advisory lock (pg_try_advisory_xact_lock); a replica that does not get it
// skips the pass, and the lock ends with the transaction, so a crashed holder frees it at once.
// Each write is also idempotent on its own (a step opens only while reminder_id IS NULL, under
// FOR UPDATE; a window closes only while window_closed_at IS NULL), so even two passes at once
// could not open a step twice or expire a reminder twice.
public sealed partial class ReminderScheduler(
    IServiceScopeFactory scopes,
    IOptions<SeriesOptions> options,
    TimeProvider time,
    ILogger<ReminderScheduler> logger
) : BackgroundService
{
    // The advisory lock's key: any constant the other jobs of this database do not use.
    public const long LockKey = 0x52454D494E444552; // "REMINDER"

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(logger, ex);
            }
            await Task.Delay(options.Value.Poll, time, stoppingToken);
        }
    }

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
        var store = scope.ServiceProvider.GetRequiredService<ReminderStore>();
        var locked = await session.QueryAsync(
            "SELECT pg_try_advisory_xact_lock($1)",
            reader => reader.GetBoolean(0),
            cancellationToken,
            LockKey
        );
        if (!locked[0])
            return;
        var now = time.GetUtcNow();

        var due = await session.QueryAsync(
            """
            SELECT s.series_id, s.step, s.planned::text, r.planned_by
            FROM reminder_series_step s
            JOIN reminder_series r ON r.id = s.series_id
            WHERE s.reminder_id IS NULL AND s.opens_at <= $1 AND s.send_until > $1
            ORDER BY s.opens_at
            FOR UPDATE OF s
            """,
            reader =>
                (
                    SeriesId: reader.GetGuid(0),
                    Step: reader.GetInt32(1),
                    Planned: JsonSerializer.Deserialize<NewReminder>(reader.GetString(2))!,
                    PlannedBy: reader.GetString(3)
                ),
            cancellationToken,
            now
        );
        foreach (var (seriesId, step, planned, plannedBy) in due)
        {
            // The planner is the requester of every step: never its approver.
            var id = Guid.NewGuid();
            await store.InsertAsync(id, planned, plannedBy, null, null, cancellationToken);
            await session.ExecuteAsync(
                "UPDATE reminder SET series_id = $2 WHERE id = $1",
                cancellationToken,
                id,
                seriesId
            );
            await session.ExecuteAsync(
                "UPDATE reminder_series_step SET reminder_id = $3 WHERE series_id = $1 AND step = $2",
                cancellationToken,
                seriesId,
                step,
                id
            );
            await outbox.PublishAsync(
                new ReminderRequested(id, planned.Audience, planned.CampaignCode, 0, plannedBy),
                cancellationToken
            );
            LogOpened(logger, seriesId, step, id);
        }

        // A missed step never sends: no delivery was planned (never approved) and the window is over.
        var closed = await session.QueryAsync(
            """
            UPDATE reminder c SET window_closed_at = $1
            WHERE c.window_closed_at IS NULL AND c.send_until <= $1
              AND NOT EXISTS (SELECT 1 FROM reminder_delivery d WHERE d.reminder_id = c.id)
            RETURNING c.id
            """,
            reader => reader.GetGuid(0),
            cancellationToken,
            now
        );
        foreach (var id in closed)
            await outbox.PublishAsync(new ReminderWindowClosed(id, now), cancellationToken);
        await session.CommitAsync(cancellationToken);
        foreach (var id in closed)
            LogExpired(logger, id);
    }

    [LoggerMessage(LogLevel.Information, "Series {SeriesId} step {Step} opened as reminder {ReminderId}")]
    private static partial void LogOpened(ILogger logger, Guid seriesId, int step, Guid reminderId);

    [LoggerMessage(LogLevel.Warning, "Reminder {ReminderId}: send window ended before approval; expired, not sent")]
    private static partial void LogExpired(ILogger logger, Guid reminderId);

    [LoggerMessage(LogLevel.Warning, "Reminder scheduler pass failed; retrying at the next poll")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
