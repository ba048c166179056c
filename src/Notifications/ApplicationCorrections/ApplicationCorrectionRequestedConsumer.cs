using Habatan.Contracts.Applications;
using Habatan.Notifications.Email;
using Habatan.Notifications.SignInCodes;
using MassTransit;

namespace Habatan.Notifications.ApplicationCorrections;

// Tells an applicant what to fix: one mail and one in-app notice per request, like the sign-in
// code mail (the delivery row is written before the send; a second copy of the request finds
// it). The notice is keyed (member, kind, request), so it too is posted once.
public sealed partial class ApplicationCorrectionRequestedConsumer(
    DbSession session,
    IEmailSender sender,
    ILogger<ApplicationCorrectionRequestedConsumer> logger
) : IConsumer<ApplicationCorrectionRequested>
{
    public async Task Consume(ConsumeContext<ApplicationCorrectionRequested> context)
    {
        var request = context.Message;
        var cancellationToken = context.CancellationToken;
        var deliveryId = NewId.NextGuid();
        if (
            !await EmailDeliveries.TryRecordAsync(
                session,
                ApplicationCorrectionEmail.Kind,
                request.RequestId,
                context.MessageId ?? Guid.Empty,
                deliveryId,
                request.Email,
                DeliveryStatus.Sending,
                cancellationToken
            )
        )
        {
            LogAlreadyDelivered(logger, request.RequestId);
            return;
        }

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
        await sender.SendAsync(ApplicationCorrectionEmail.Compose(request), cancellationToken);
        await EmailDeliveries.MarkSentAsync(session, deliveryId, context.GetRetryAttempt() + 1, cancellationToken);
        LogSent(logger, request.RequestId, EmailMask.Mask(request.Email));
    }

    [LoggerMessage(
        LogLevel.Information,
        "Correction request {RequestId} mailed to {Recipient} and posted to the member's inbox"
    )]
    private static partial void LogSent(ILogger logger, Guid requestId, string recipient);

    [LoggerMessage(LogLevel.Information, "Correction request {RequestId} was handled already; this copy is skipped")]
    private static partial void LogAlreadyDelivered(ILogger logger, Guid requestId);
}
