using Habatan.Contracts.SignIn;
using Habatan.Infrastructure.Data;
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
    ILogger<SignInCodeRequestedConsumer> logger) : IConsumer<SignInCodeRequested>
{
    public async Task Consume(ConsumeContext<SignInCodeRequested> context)
    {
        var request = context.Message;
        var now = time.GetUtcNow();
        var deliveryId = NewId.NextGuid();
        var recipient = EmailMask.Mask(request.Email);

        // A code that has expired while the message waited (an outage) would only confuse.
        var expired = request.ExpiresAt <= now;
        if (!await RecordAsync(context, deliveryId, recipient, expired ? DeliveryStatus.Expired : DeliveryStatus.Sending))
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
        await MarkSentAsync(deliveryId, context.GetRetryAttempt() + 1, context.CancellationToken);
        LogSent(logger, request.RequestId, recipient);
    }

    private async Task<bool> RecordAsync(ConsumeContext<SignInCodeRequested> context, Guid deliveryId, string recipient, string status)
    {
        await using var command = await session.CommandAsync("""
            INSERT INTO email_delivery (id, kind, request_id, message_id, recipient_hash, recipient_masked, status)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (kind, request_id) DO NOTHING
            """, context.CancellationToken);
        command.Parameters.Add(new() { Value = deliveryId });
        command.Parameters.Add(new() { Value = SignInCodeEmail.Kind });
        command.Parameters.Add(new() { Value = context.Message.RequestId });
        command.Parameters.Add(new() { Value = context.MessageId ?? Guid.Empty });
        command.Parameters.Add(new() { Value = RecipientHash.Of(context.Message.Email) });
        command.Parameters.Add(new() { Value = recipient });
        command.Parameters.Add(new() { Value = status });
        return await command.ExecuteNonQueryAsync(context.CancellationToken) == 1;
    }

    private async Task MarkSentAsync(Guid deliveryId, int attempts, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            "UPDATE email_delivery SET status = $2, attempts = $3, sent_at = now() WHERE id = $1", cancellationToken);
        command.Parameters.Add(new() { Value = deliveryId });
        command.Parameters.Add(new() { Value = DeliveryStatus.Sent });
        command.Parameters.Add(new() { Value = attempts });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(LogLevel.Information, "Sign-in code for request {RequestId} mailed to {Recipient}")]
    private static partial void LogSent(ILogger logger, Guid requestId, string recipient);

    [LoggerMessage(LogLevel.Information, "Sign-in code for request {RequestId} was mailed already; this copy is skipped")]
    private static partial void LogAlreadyDelivered(ILogger logger, Guid requestId);

    [LoggerMessage(LogLevel.Warning, "Sign-in code for request {RequestId} to {Recipient} expired before it could be mailed; not sent")]
    private static partial void LogExpired(ILogger logger, Guid requestId, string recipient);
}
