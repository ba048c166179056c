using Habatan.Contracts.SignIn;
using Habatan.Notifications.Email;
using MassTransit;

namespace Habatan.Notifications.SignInCodes;

// Mails a sign-in code once per request. Runs behind the inbox filter, in its transaction: the
// delivery row is written before the send, so a second copy of the request (same message id or
// not) waits on the row's unique key and then finds it; a failed send throws, the row rolls back
// with the inbox row, and the retry sends anew. Neither the code nor the address is logged.
public sealed partial class SignInCodeRequestedConsumer(
    DbSession session,
    IEmailSender sender,
    TimeProvider time,
    ILogger<SignInCodeRequestedConsumer> logger
) : IConsumer<SignInCodeRequested>
{
    public async Task Consume(ConsumeContext<SignInCodeRequested> context)
    {
        var request = context.Message;
        var now = time.GetUtcNow();
        var deliveryId = NewId.NextGuid();
        var recipient = EmailMask.Mask(request.Email);

        // A code that has expired while the message waited (an outage) would only confuse.
        var expired = request.ExpiresAt <= now;
        if (
            !await EmailDeliveries.TryRecordAsync(
                session,
                SignInCodeEmail.Kind,
                request.RequestId,
                context.MessageId ?? Guid.Empty,
                deliveryId,
                request.Email,
                expired ? DeliveryStatus.Expired : DeliveryStatus.Sending,
                context.CancellationToken
            )
        )
        {
            LogAlreadyDelivered(logger, request.RequestId);
            return;
        }
        if (expired)
        {
            LogExpired(logger, request.RequestId, recipient);
            return;
        }

        await sender.SendAsync(SignInCodeEmail.Compose(request, now), context.CancellationToken);
        await EmailDeliveries.MarkSentAsync(
            session,
            deliveryId,
            context.GetRetryAttempt() + 1,
            context.CancellationToken
        );
        LogSent(logger, request.RequestId, recipient);
    }

    [LoggerMessage(LogLevel.Information, "Sign-in code for request {RequestId} mailed to {Recipient}")]
    private static partial void LogSent(ILogger logger, Guid requestId, string recipient);

    [LoggerMessage(
        LogLevel.Information,
        "Sign-in code for request {RequestId} was mailed already; this copy is skipped"
    )]
    private static partial void LogAlreadyDelivered(ILogger logger, Guid requestId);

    [LoggerMessage(
        LogLevel.Warning,
        "Sign-in code for request {RequestId} to {Recipient} expired before it could be mailed; not sent"
    )]
    private static partial void LogExpired(ILogger logger, Guid requestId, string recipient);
}
