using Habatan.Notifications.Reminders;

namespace Habatan.Notifications.Snapshots;

// Who gets a follow-up (issue #17, point 4): the members of the original reminder with a failed,
// unknown or not accepted (4xx on every attempt: nothing arrived) delivery on any channel, who
// are still in the original's audience as just resolved (someone who charged since is not
// chased again). Their addresses and channels are the ones just resolved. The bound is the
// number of members the original failed or may have failed: a follow-up can never reach more.
// Made only when an operator asks; nothing re-sends on its own.
internal static class FollowUpAudience
{
    // The reminder this one follows up, or null for a reminder that is not a follow-up.
    public static Task<Guid?> OriginalOfAsync(
        DbSession session,
        Guid reminderId,
        CancellationToken cancellationToken
    ) => DerivedSnapshot.OriginalOfAsync(session, reminderId, "follow_up_of", cancellationToken);

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
            SELECT $1, y.member_id, y.email, y.inbox_opt_in
            FROM snapshot_recipient y
            WHERE y.snapshot_id = $3
              AND EXISTS (SELECT 1 FROM reminder_delivery d
                          WHERE d.reminder_id = $2 AND d.member_id = y.member_id
                            AND d.status IN ('Failed', 'Unknown', 'NotAccepted'))
            """,
            """
            SELECT count(DISTINCT member_id)::int
            FROM reminder_delivery
            WHERE reminder_id = $1 AND status IN ('Failed', 'Unknown', 'NotAccepted')
            """,
            cancellationToken
        );
}
