using Habatan.Notifications.Email;

namespace Habatan.Notifications.FanOut;

public sealed record SendableReminder(
    Guid Id,
    int MessagesPerSecond,
    string Subject,
    string Body,
    DateTimeOffset SendUntil
);

public sealed record ClaimedDelivery(long Id, string MemberId, string Channel, string? Email, int Attempts);

// The row's next status (Sent, Failed, Unknown, NotAccepted, or Pending again until RetryAt),
// the SMTP reply code if the server gave one, and why it was not Sent.
public sealed record DeliveryOutcome(
    long Id,
    string Status,
    int? ReplyCode = null,
    string? Error = null,
    DateTimeOffset? RetryAt = null
)
{
    public static DeliveryOutcome Sent(long id) => new(id, DeliveryStatus.Sent);
}

// The SQL of the fan-out, each statement one round trip for a whole batch.
internal static class ReminderDeliveries
{
    // Reminders with pending rows that may send now: not halted, inside their send window. A
    // completed fan-out has none left, and asking would walk its sent rows.
    public static async Task<List<SendableReminder>> SendableAsync(
        DbSession session,
        CancellationToken cancellationToken
    )
    {
        await using var command = await session.CommandAsync(
            """
            SELECT c.id, c.messages_per_second, c.subject, c.body, c.send_until FROM reminder c
            WHERE NOT c.halted AND now() >= c.send_from AND now() < c.send_until AND c.fan_out_completed_at IS NULL
              AND EXISTS (SELECT 1 FROM reminder_delivery d WHERE d.reminder_id = c.id AND d.status = 'Pending')
            ORDER BY c.created_at
            """,
            cancellationToken
        );
        var reminders = new List<SendableReminder>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            reminders.Add(
                new SendableReminder(
                    reader.GetGuid(0),
                    reader.GetInt32(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetFieldValue<DateTimeOffset>(4)
                )
            );
        return reminders;
    }

    // The halt flag and the window are read again here, in the claim itself: a halt committed a
    // moment ago stops the very next batch. Only rows after `after` (ClaimCursors).
    public static async Task<List<ClaimedDelivery>> ClaimAsync(
        DbSession session,
        Guid reminderId,
        int limit,
        TimeSpan lease,
        long after,
        CancellationToken cancellationToken
    )
    {
        await using var command = await session.CommandAsync(
            """
            WITH next AS (
                SELECT d.id FROM reminder_delivery d
                WHERE d.reminder_id = $1 AND d.status = 'Pending' AND d.id > $4
                  AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= now())
                  AND EXISTS (SELECT 1 FROM reminder c
                              WHERE c.id = $1 AND NOT c.halted AND now() >= c.send_from AND now() < c.send_until)
                ORDER BY d.id LIMIT $2
                FOR UPDATE OF d SKIP LOCKED)
            UPDATE reminder_delivery d SET status = 'Claimed', claimed_at = now(), lease_until = now() + $3
            FROM next, snapshot_recipient r
            WHERE d.id = next.id AND r.snapshot_id = d.snapshot_id AND r.member_id = d.member_id
            RETURNING d.id, d.member_id, d.channel, r.email, d.attempts
            """,
            cancellationToken
        );
        command.Parameters.Add(new() { Value = reminderId });
        command.Parameters.Add(new() { Value = limit });
        command.Parameters.Add(new() { Value = lease });
        command.Parameters.Add(new() { Value = after });
        var claimed = new List<ClaimedDelivery>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            claimed.Add(
                new ClaimedDelivery(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetInt32(4)
                )
            );
        return claimed;
    }

    // Outcomes of a batch in one transaction: in-app notices are written here (the unique key
    // keeps one per member and reminder), mail outcomes were decided by the SMTP server. Only
    // rows still Claimed change: a row the sweep already called Unknown stays Unknown.
    public static async Task RecordAsync(
        DbSession session,
        Guid reminderId,
        IReadOnlyList<DeliveryOutcome> outcomes,
        CancellationToken cancellationToken
    )
    {
        var ids = outcomes.Select(o => o.Id).ToArray();
        await session.ExecuteAsync(
            """
            INSERT INTO member_inbox (id, member_id, kind, source_id, subject, body)
            SELECT gen_random_uuid(), d.member_id, 'reminder', d.reminder_id, c.subject, c.body
            FROM reminder_delivery d JOIN reminder c ON c.id = d.reminder_id
            WHERE d.id = ANY($1) AND d.channel = 'inbox' AND d.status = 'Claimed'
            ON CONFLICT (member_id, kind, source_id) DO NOTHING
            """,
            cancellationToken,
            ids
        );
        // A row going back to Pending (a retry) loses its claim, so the sweep leaves it alone.
        await session.ExecuteAsync(
            """
            UPDATE reminder_delivery d
            SET status = o.status,
                attempts = d.attempts + 1,
                sent_at = CASE WHEN o.status = 'Sent' THEN now() END,
                claimed_at = CASE WHEN o.status = 'Pending' THEN NULL ELSE d.claimed_at END,
                reply_code = o.reply_code,
                error = o.error,
                next_attempt_at = o.retry_at
            FROM unnest($2::bigint[], $3::text[], $4::integer[], $5::text[], $6::timestamptz[])
                AS o(id, status, reply_code, error, retry_at)
            WHERE d.id = o.id AND d.reminder_id = $1 AND d.status = 'Claimed'
            """,
            cancellationToken,
            reminderId,
            ids,
            outcomes.Select(o => o.Status).ToArray(),
            outcomes.Select(o => o.ReplyCode).ToArray(),
            outcomes.Select(o => o.Error).ToArray(),
            outcomes.Select(o => o.RetryAt).ToArray()
        );
    }

    // The sender still working on these rows says so. It never waits for a row's lock: the rows
    // locked are being released or recorded by the same sender, which a renewal that waited could
    // deadlock (the two statements lock the batch in different orders). Once under load a batch
    // whose check timed out just as its renewal was due was swept as Unknown, never sent (50 of 50
    // in UnansweredEligibilitySendsNothingUntilMembersAnswers): its release had failed, and this
    // deadlock is the way found for it to fail.
    public static Task<int> RenewLeasesAsync(
        DbSession session,
        long[] ids,
        TimeSpan lease,
        CancellationToken cancellationToken
    ) =>
        session.ExecuteAsync(
            """
            UPDATE reminder_delivery d SET lease_until = now() + $2
            FROM (SELECT id FROM reminder_delivery
                  WHERE id = ANY($1) AND status = 'Claimed'
                  FOR UPDATE SKIP LOCKED) free
            WHERE d.id = free.id
            """,
            cancellationToken,
            ids,
            lease
        );

    // Only leases nobody renewed: a row another replica is still sending is never swept. Mail
    // claimed by a dead sender may have gone out: Unknown, never sent again. An in-app notice can
    // be posted again safely (one per member and reminder, by its unique key): back to Pending.
    public static Task<int> SweepExpiredLeasesAsync(DbSession session, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            """
            UPDATE reminder_delivery
            SET status = CASE WHEN channel = 'inbox' THEN 'Pending' ELSE 'Unknown' END,
                error = CASE WHEN channel = 'inbox' THEN NULL ELSE 'sender stopped before recording the outcome' END,
                claimed_at = CASE WHEN channel = 'inbox' THEN NULL ELSE claimed_at END,
                lease_until = CASE WHEN channel = 'inbox' THEN NULL ELSE lease_until END
            WHERE status = 'Claimed' AND lease_until < now()
            """,
            cancellationToken
        );

    // Reminders whose every delivery has an outcome; each is marked once, in the transaction
    // that publishes its completion.
    public static async Task<List<Guid>> MarkFinishedAsync(DbSession session, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            """
            UPDATE reminder c SET fan_out_completed_at = now()
            WHERE c.fan_out_completed_at IS NULL
              AND EXISTS (SELECT 1 FROM reminder_delivery d WHERE d.reminder_id = c.id)
              -- Two conditions rather than one IN, so each can use its partial index on a large reminder.
              AND NOT EXISTS (SELECT 1 FROM reminder_delivery d WHERE d.reminder_id = c.id AND d.status = 'Pending')
              AND NOT EXISTS (SELECT 1 FROM reminder_delivery d WHERE d.reminder_id = c.id AND d.status = 'Claimed')
            RETURNING c.id
            """,
            cancellationToken
        );
        var finished = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            finished.Add(reader.GetGuid(0));
        return finished;
    }
}
