using Habatan.Contracts.Applications;
using Habatan.Notifications.Email;
using MassTransit;

namespace Habatan.Notifications.ApplicationCorrections;

// Tells an applicant what to fix: one in-app notice and one mail per request. The notice is
// keyed (member, kind, request) and written in the consumer's transaction, so a retry posts it
// once. The mail is recorded before and after the send outside that transaction, like the
// sign-in code mail (EmailDeliveries): a retry after a failed commit does not mail it again.
public sealed class ApplicationCorrectionRequestedConsumer(DbSession session, EmailDeliveries deliveries)
    : IConsumer<ApplicationCorrectionRequested>
{
    public async Task Consume(ConsumeContext<ApplicationCorrectionRequested> context)
    {
        var request = context.Message;
        var cancellationToken = context.CancellationToken;
        await session.ExecuteAsync(
            """
            INSERT INTO member_inbox (id, member_id, kind, source_id, subject, body) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (member_id, kind, source_id) DO NOTHING
            """,
            cancellationToken,
            NewId.NextGuid(),
            request.MemberId,
            ApplicationCorrectionEmail.Kind,
            request.RequestId,
            ApplicationCorrectionEmail.Subject,
            ApplicationCorrectionEmail.Body(request)
        );

        await deliveries.SendOnceAsync(
            request.RequestId,
            context.MessageId ?? Guid.Empty,
            ApplicationCorrectionEmail.Compose(request),
            cancellationToken
        );
    }
}
