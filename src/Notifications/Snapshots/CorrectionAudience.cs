using Habatan.Infrastructure.Data;
using Habatan.Notifications.Reminders;

namespace Habatan.Notifications.Snapshots;

// Who gets a correction (DESIGN.md, incident 2, point 6): the recipients of the original
// reminder (from its delivery records) who are not in the audience just resolved, exactly the
// ones who should not have received it. That set becomes a snapshot of its own, reconciled and
// approved like any other. Its bound is the number of people the original reminder reached.
// Unknown deliveries (claimed when a sender crashed) count as reached: they may have been.
internal static class CorrectionAudience
{
    // The reminder this one corrects, or null for a reminder that is not a correction.
    public static Task<Guid?> OriginalOfAsync(
        DbSession session,
        Guid reminderId,
        CancellationToken cancellationToken
    ) => DerivedSnapshot.OriginalOfAsync(session, reminderId, "correction_of", cancellationToken);

    public static Task<AudienceSnapshotReceived> DeriveAsync(
        DbSession session,
        AudienceSnapshotReceived resolved,
        Guid original,
        CancellationToken cancellationToken
    ) =>
        DerivedSnapshot.SaveAsync(
            session,
            resolved,
            original,
            """
            INSERT INTO snapshot_recipient (snapshot_id, member_id, email, inbox_opt_in)
            SELECT DISTINCT ON (r.member_id) $1, r.member_id, r.email, r.inbox_opt_in
            FROM reminder_delivery d
            JOIN snapshot_recipient r ON r.snapshot_id = d.snapshot_id AND r.member_id = d.member_id
            WHERE d.reminder_id = $2 AND d.status IN ('Sent', 'Unknown')
              AND NOT EXISTS (SELECT 1 FROM snapshot_recipient y WHERE y.snapshot_id = $3 AND y.member_id = d.member_id)
            ORDER BY r.member_id
            """,
            """
            SELECT count(DISTINCT member_id)::int
            FROM reminder_delivery
            WHERE reminder_id = $1 AND status IN ('Sent', 'Unknown')
            """,
            cancellationToken
        );
}
