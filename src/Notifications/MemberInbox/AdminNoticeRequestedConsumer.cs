using Habatan.Contracts.Audit;
using MassTransit;

namespace Habatan.Notifications.MemberInbox;

// Posts an ops notice (e.g. the leak tripwire's) to each named member's inbox, once: the
// notice is keyed (member, kind, notice id), so a redelivery adds nothing.
public sealed class AdminNoticeRequestedConsumer(DbSession session) : IConsumer<AdminNoticeRequested>
{
    public const string Kind = "admin-notice";

    public async Task Consume(ConsumeContext<AdminNoticeRequested> context)
    {
        var notice = context.Message;
        await session.ExecuteAsync(
            """
            INSERT INTO member_inbox (id, member_id, kind, source_id, subject, body)
            SELECT gen_random_uuid(), m, $2, $3, $4, $5
            FROM unnest($1::text[]) AS m
            ON CONFLICT (member_id, kind, source_id) DO NOTHING
            """,
            context.CancellationToken,
            notice.MemberIds.ToArray(),
            Kind,
            notice.NoticeId,
            notice.Subject,
            notice.Body
        );
    }
}
