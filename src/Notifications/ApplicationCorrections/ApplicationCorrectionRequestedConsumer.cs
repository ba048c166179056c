using Habatan.Contracts.Applications;
using Habatan.Notifications.Email;
using MassTransit;

namespace Habatan.Notifications.ApplicationCorrections;

// Tells an applicant what to fix: one in-app notice and one mail per request. The notice is
// keyed (member, kind, request) and written in the consumer's transaction, so a retry posts it
// once. The mail is recorded before and after the send outside that transaction, like the
// sign-in code mail (EmailDeliveries): a retry after a failed commit does not mail it again.
public sealed partial class ApplicationCorrectionRequestedConsumer(
    DbSession session,
    EmailDeliveries deliveries,
    ILogger<ApplicationCorrectionRequestedConsumer> logger
) : IConsumer<ApplicationCorrectionRequested>
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

        var delivery = await deliveries.SendOnceAsync(
            request.RequestId,
            context.MessageId ?? Guid.Empty,
            ApplicationCorrectionEmail.Compose(request),
            cancellationToken
        );
        var recipient = EmailMask.Mask(request.Email);
        if (!delivery.ThisCopy)
            LogAlreadyDelivered(logger, request.RequestId, delivery.Status);
        else if (delivery.Status == DeliveryStatus.Sent)
            LogSent(logger, request.RequestId, recipient);
        else
            LogNotDelivered(logger, request.RequestId, recipient, delivery.Status);
    }

    [LoggerMessage(
        LogLevel.Information,
        "Correction request {RequestId} mailed to {Recipient} and posted to the member's inbox"
    )]
    private static partial void LogSent(ILogger logger, Guid requestId, string recipient);

    [LoggerMessage(
        LogLevel.Information,
        "Correction request {RequestId} was mailed already ({Status}); this copy only posts the notice if missing"
    )]
    private static partial void LogAlreadyDelivered(ILogger logger, Guid requestId, string status);

    [LoggerMessage(
        LogLevel.Warning,
        "Correction request {RequestId} to {Recipient} was posted to the inbox but not mailed: {Status}; not sent again"
    )]
    private static partial void LogNotDelivered(ILogger logger, Guid requestId, string recipient, string status);
}
