using Habatan.Contracts.Audiences;
using Habatan.Notifications.Snapshots;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Habatan.Notifications.Reminders;

// What the saga does besides changing state. Each runs in the message's unit of work (DbSession
// and outbox reached through the message scope), so the saga row, the rows written here and the
// messages published here commit together.
internal static partial class ReminderActivities
{
    // Said in the log, since no API waits for the saga's answer: an approval that went around
    // the API's own check is refused here, leaves the reminder awaiting approval and plans nothing.
    public static void RefuseSelfApproval(BehaviorContext<ReminderState, ReminderApproved> context)
    {
        var logger = context.GetPayload<IServiceProvider>().GetRequiredService<ILogger<ReminderStateMachine>>();
        LogSelfApprovalRefused(logger, context.Saga.CorrelationId, context.Message.ApprovedBy);
    }

    public static async Task RequestAudienceAsync<T>(BehaviorContext<ReminderState, T> context)
        where T : class
    {
        var saga = context.Saga;
        saga.AudienceRequestId = NewId.NextGuid();
        saga.SnapshotId = null;
        saga.Digest = null;
        saga.ResolvedCount = null;
        saga.Bound = null;
        saga.Problem = null;
        var services = context.GetPayload<IServiceProvider>();
        // A listed audience is its list, kept with the reminder: every resolution asks for the same.
        var memberIds =
            saga.Audience == AudienceNames.ListedMembers
                ? (
                    await services
                        .GetRequiredService<ReminderStore>()
                        .FindAsync(saga.CorrelationId, context.CancellationToken)
                )?.MemberIds
                : null;
        await services
            .GetRequiredService<IOutbox>()
            .PublishAsync(
                new ResolveAudience(
                    saga.AudienceRequestId,
                    saga.CorrelationId,
                    saga.Audience,
                    saga.CampaignCode,
                    DateTimeOffset.UtcNow,
                    memberIds
                ),
                context.CancellationToken
            );
    }

    public static void Reconcile(BehaviorContext<ReminderState, AudienceSnapshotReceived> context)
    {
        var saga = context.Saga;
        var snapshot = context.Message;
        saga.SnapshotId = snapshot.SnapshotId;
        saga.Digest = snapshot.Digest;
        saga.ResolvedCount = snapshot.Count;
        saga.Bound = snapshot.Bound;
        saga.Problem = Reconciliation.Check(saga.DeclaredCount, snapshot.Count, snapshot.Bound, snapshot.Problem);
    }

    // One statement plans every delivery of the approved snapshot: a row per recipient and
    // channel, Skipped where the recipient cannot be reached on that channel (so the report adds
    // up to the approved count). The unique key makes a replay plan nothing new.
    public static async Task PlanDeliveriesAsync(BehaviorContext<ReminderState, ReminderApproved> context)
    {
        var saga = context.Saga;
        var services = context.GetPayload<IServiceProvider>();
        var session = services.GetRequiredService<DbSession>();
        session.StatementTimeout = services.GetRequiredService<IOptions<SnapshotOptions>>().Value.StatementTimeout;
        await session.ExecuteAsync(
            """
            INSERT INTO reminder_delivery (reminder_id, snapshot_id, member_id, channel, status)
            SELECT c.id, r.snapshot_id, r.member_id, ch.channel,
                   CASE WHEN (ch.channel = 'email' AND r.email IS NOT NULL) OR (ch.channel = 'inbox' AND r.inbox_opt_in)
                        THEN 'Pending' ELSE 'Skipped' END
            FROM reminder c
            CROSS JOIN LATERAL unnest(c.channels) AS ch(channel)
            JOIN snapshot_recipient r ON r.snapshot_id = $2
            WHERE c.id = $1
            ON CONFLICT (reminder_id, member_id, channel) DO NOTHING
            """,
            context.CancellationToken,
            saga.CorrelationId,
            context.Message.SnapshotId
        );
        saga.ApprovedSnapshotId = context.Message.SnapshotId;
        saga.ApprovedDigest = context.Message.Digest;
        saga.ApprovedCount = saga.ResolvedCount;
        saga.ApprovedBy = context.Message.ApprovedBy;
        saga.ApprovedAt = DateTimeOffset.UtcNow;
    }

    [LoggerMessage(
        LogLevel.Warning,
        "Reminder {ReminderId}: approval by {Approver}, who requested or last changed it, refused (four eyes)"
    )]
    private static partial void LogSelfApprovalRefused(ILogger logger, Guid reminderId, string approver);
}
