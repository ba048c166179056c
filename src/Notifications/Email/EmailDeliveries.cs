using MassTransit;
using Npgsql;

namespace Habatan.Notifications.Email;

// What became of this copy of a request: the row's status, and whether this copy sent it.
public sealed record MailDelivery(string Status, bool ThisCopy);

// A one-off mail (a sign-in code, a correction request) is sent at most once per request. Its
// email_delivery row is written on a connection of its own, outside the consumer's transaction:
// the intent (Sending) commits before the send and the outcome right after it. So when the
// consumer's commit fails after the mail went out, the retry finds Sent and does not mail a
// second copy. The unique (kind, request id) lets one copy at a time own the send; a copy that
// finds Sending with no outcome (its sender died or could not record) marks it Unknown: the mail
// may have gone out, so it is not sent again. Only NotAccepted (nothing arrived) is sent anew.
public sealed partial class EmailDeliveries(
    NpgsqlDataSource database,
    IEmailSender sender,
    ILogger<EmailDeliveries> logger
)
{
    private const string Lost = "the sender stopped before recording the outcome";

    // Throws EmailSendException when the server did not accept the mail, so the consumer's
    // retry tries again; Failed and Unknown are final and returned.
    public async Task<MailDelivery> SendOnceAsync(
        Guid requestId,
        Guid messageId,
        EmailMessage mail,
        CancellationToken cancellationToken
    )
    {
        if (await BeginAsync(requestId, messageId, mail, cancellationToken) is not { } id)
        {
            var existing = await ExistingAsync(mail.Kind, requestId, cancellationToken);
            LogAlreadyHandled(logger, mail.Kind, requestId, existing);
            return new MailDelivery(existing, ThisCopy: false);
        }

        try
        {
            await sender.SendAsync(mail, cancellationToken);
        }
        catch (EmailSendException ex)
        {
            var status = DeliveryStatus.For(ex.Outcome);
            await RecordAsync(id, status, ex.ReplyCode, ex.Reason);
            LogNotDelivered(logger, mail.Kind, requestId, EmailMask.Mask(mail.To), status, ex.Reason);
            if (ex.Outcome == SendOutcome.NotAccepted)
                throw;
            return new MailDelivery(status, ThisCopy: true);
        }
        catch (OperationCanceledException)
        {
            // Cancelled before the sender took it (it classifies everything after that).
            await RecordAsync(id, DeliveryStatus.NotAccepted, null, "cancelled before the send");
            throw;
        }
        await RecordAsync(id, DeliveryStatus.Sent, null, null);
        LogSent(logger, mail.Kind, requestId, EmailMask.Mask(mail.To));
        return new MailDelivery(DeliveryStatus.Sent, ThisCopy: true);
    }

    // A code that expired before it could be sent: recorded, never sent. False: recorded already.
    public async Task<bool> RecordExpiredAsync(
        Guid requestId,
        Guid messageId,
        string kind,
        string email,
        CancellationToken cancellationToken
    )
    {
        await using var command = database.CreateCommand(
            """
            INSERT INTO email_delivery (id, kind, request_id, message_id, recipient_hash, recipient_masked, status)
            VALUES ($1, $2, $3, $4, $5, $6, 'Expired')
            ON CONFLICT (kind, request_id) DO NOTHING
            """
        );
        AddRow(command, requestId, messageId, kind, email);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    // The intent, committed at once. A row already there is taken over only if nothing arrived.
    private async Task<Guid?> BeginAsync(
        Guid requestId,
        Guid messageId,
        EmailMessage mail,
        CancellationToken cancellationToken
    )
    {
        await using var command = database.CreateCommand(
            """
            INSERT INTO email_delivery
                (id, kind, request_id, message_id, recipient_hash, recipient_masked, status, attempts, attempted_at)
            VALUES ($1, $2, $3, $4, $5, $6, 'Sending', 1, now())
            ON CONFLICT (kind, request_id) DO UPDATE
            SET status = 'Sending', attempts = email_delivery.attempts + 1,
                message_id = EXCLUDED.message_id, attempted_at = now()
            WHERE email_delivery.status = 'NotAccepted'
            RETURNING id
            """
        );
        AddRow(command, requestId, messageId, mail.Kind, mail.To);
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    private async Task<string> ExistingAsync(string kind, Guid requestId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            """
            WITH lost AS (
                UPDATE email_delivery SET status = 'Unknown', error = $3
                WHERE kind = $1 AND request_id = $2 AND status = 'Sending'
                RETURNING status)
            SELECT status FROM lost
            UNION ALL
            SELECT status FROM email_delivery
            WHERE kind = $1 AND request_id = $2 AND NOT EXISTS (SELECT 1 FROM lost)
            """
        );
        command.Parameters.Add(new() { Value = kind });
        command.Parameters.Add(new() { Value = requestId });
        command.Parameters.Add(new() { Value = Lost });
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    // The sender's own outcome wins over an Unknown another copy guessed meanwhile. Not
    // cancellable: an outcome known and not written would turn into Unknown.
    private async Task RecordAsync(Guid id, string status, int? replyCode, string? error)
    {
        await using var command = database.CreateCommand(
            """
            UPDATE email_delivery
            SET status = $2, reply_code = $3, error = $4, sent_at = CASE WHEN $2 = 'Sent' THEN now() END
            WHERE id = $1
            """
        );
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = status });
        command.Parameters.Add(new() { Value = (object?)replyCode ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)error ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private static void AddRow(NpgsqlCommand command, Guid requestId, Guid messageId, string kind, string email)
    {
        command.Parameters.Add(new() { Value = NewId.NextGuid() });
        command.Parameters.Add(new() { Value = kind });
        command.Parameters.Add(new() { Value = requestId });
        command.Parameters.Add(new() { Value = messageId });
        command.Parameters.Add(new() { Value = RecipientHash.Of(email) });
        command.Parameters.Add(new() { Value = EmailMask.Mask(email) });
    }

    [LoggerMessage(LogLevel.Information, "Mail {Kind} for request {RequestId} mailed to {Recipient}")]
    private static partial void LogSent(ILogger logger, string kind, Guid requestId, string recipient);

    [LoggerMessage(
        LogLevel.Information,
        "Mail {Kind} for request {RequestId} was mailed already ({Status}); this copy does not send it"
    )]
    private static partial void LogAlreadyHandled(ILogger logger, string kind, Guid requestId, string status);

    [LoggerMessage(
        LogLevel.Warning,
        "Mail {Kind} for request {RequestId} to {Recipient} not delivered: {Status} ({Reason})"
    )]
    private static partial void LogNotDelivered(
        ILogger logger,
        string kind,
        Guid requestId,
        string recipient,
        string status,
        string reason
    );
}
