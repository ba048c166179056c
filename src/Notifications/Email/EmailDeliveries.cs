using Habatan.Notifications.SignInCodes;

namespace Habatan.Notifications.Email;

// The email_delivery row of a one-off mail (a sign-in code, a correction request), written
// before the send in the consumer's transaction. Its unique (kind, request id) makes a second
// copy of the request wait for the first and then find it: false means "mailed already".
public static class EmailDeliveries
{
    public static async Task<bool> TryRecordAsync(
        DbSession session,
        string kind,
        Guid requestId,
        Guid messageId,
        Guid deliveryId,
        string email,
        string status,
        CancellationToken cancellationToken
    ) =>
        await session.ExecuteAsync(
            """
            INSERT INTO email_delivery (id, kind, request_id, message_id, recipient_hash, recipient_masked, status)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (kind, request_id) DO NOTHING
            """,
            cancellationToken,
            deliveryId,
            kind,
            requestId,
            messageId,
            RecipientHash.Of(email),
            EmailMask.Mask(email),
            status
        ) == 1;

    public static Task MarkSentAsync(
        DbSession session,
        Guid deliveryId,
        int attempts,
        CancellationToken cancellationToken
    ) =>
        session.ExecuteAsync(
            "UPDATE email_delivery SET status = $2, attempts = $3, sent_at = now() WHERE id = $1",
            cancellationToken,
            deliveryId,
            DeliveryStatus.Sent,
            attempts
        );
}
