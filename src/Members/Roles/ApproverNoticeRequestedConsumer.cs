using Habatan.Contracts.Audit;
using Habatan.Contracts.Reminders;
using Habatan.Infrastructure.Outbox;
using MassTransit;

namespace Habatan.Members.Roles;

// Issue #17 point 7: a reminder awaits approval, and every approver who may approve it (holds the
// role now, has not withdrawn, is neither its requester nor its last changer) gets a notice in the
// in-app inbox. Notifications learns who they are only from the AdminNoticeRequested sent here.
public sealed partial class ApproverNoticeRequestedConsumer(
    DbSession session,
    IOutbox outbox,
    ILogger<ApproverNoticeRequestedConsumer> logger
) : IConsumer<ApproverNoticeRequested>
{
    public async Task Consume(ConsumeContext<ApproverNoticeRequested> context)
    {
        var request = context.Message;
        var approvers = await session.QueryAsync(
            """
            SELECT m.public_id
            FROM member m JOIN member_role r ON r.member_id = m.id
            WHERE r.role = $1 AND m.withdrawn_at IS NULL AND NOT m.public_id = ANY($2)
            ORDER BY m.public_id
            """,
            reader => reader.GetString(0),
            context.CancellationToken,
            ServiceDefaults.Identity.Roles.Approver,
            request.NotTo.ToArray()
        );
        // Nobody else can approve: the console shows it waiting, and the log says why no notice went.
        if (approvers.Count == 0)
        {
            LogNoApprover(logger, request.ReminderId);
            return;
        }
        await outbox.PublishAsync(
            new AdminNoticeRequested(request.NoticeId, approvers, request.Subject, request.Body),
            context.CancellationToken
        );
        LogNoticed(logger, request.ReminderId, approvers.Count);
    }

    [LoggerMessage(LogLevel.Information, "Reminder {ReminderId} awaits approval: notice sent to {Approvers} approvers")]
    private static partial void LogNoticed(ILogger logger, Guid reminderId, int approvers);

    [LoggerMessage(
        LogLevel.Warning,
        "Reminder {ReminderId} awaits approval, but no approver but its requester and last changer holds the role"
    )]
    private static partial void LogNoApprover(ILogger logger, Guid reminderId);
}
