using Habatan.Contracts.SignIn;
using Habatan.Notifications.Email;
using MassTransit;

namespace Habatan.Notifications.SignInCodes;

// Mails a sign-in code once per request. The delivery row is recorded before the send and its
// outcome after it, outside the consumer's transaction (EmailDeliveries): a second copy of the
// request, or a retry after this transaction failed to commit, finds what happened and does not
// mail again. A server that did not accept the mail (4xx) makes the consumer retry; a refused
// (5xx) or maybe-delivered (Unknown) mail is final. Neither the code nor the address is logged.
public sealed partial class SignInCodeRequestedConsumer(
    EmailDeliveries deliveries,
    TimeProvider time,
    ILogger<SignInCodeRequestedConsumer> logger
) : IConsumer<SignInCodeRequested>
{
    public async Task Consume(ConsumeContext<SignInCodeRequested> context)
    {
        var request = context.Message;
        var now = time.GetUtcNow();
        var messageId = context.MessageId ?? Guid.Empty;

        // A code that has expired while the message waited (an outage) would only confuse.
        if (request.ExpiresAt <= now)
        {
            if (
                await deliveries.RecordExpiredAsync(
                    request.RequestId,
                    messageId,
                    SignInCodeEmail.Kind,
                    request.Email,
                    context.CancellationToken
                )
            )
                LogExpired(logger, request.RequestId, EmailMask.Mask(request.Email));
            return;
        }

        await deliveries.SendOnceAsync(
            request.RequestId,
            messageId,
            SignInCodeEmail.Compose(request, now),
            context.CancellationToken
        );
    }

    [LoggerMessage(
        LogLevel.Warning,
        "Sign-in code for request {RequestId} to {Recipient} expired before it could be mailed; not sent"
    )]
    private static partial void LogExpired(ILogger logger, Guid requestId, string recipient);
}
