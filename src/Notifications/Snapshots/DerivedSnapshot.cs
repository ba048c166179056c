using Habatan.Contracts.Audiences;
using Habatan.Notifications.Reminders;
using MassTransit;

namespace Habatan.Notifications.Snapshots;

// A snapshot made here from another reminder's delivery records and the audience just resolved
// (a correction, a follow-up): stored like any snapshot, with its count, digest and bound, and
// handed to the saga in place of the resolved one, to be reconciled and approved as usual.
internal static class DerivedSnapshot
{
    // The reminder this one is derived from by `column` (correction_of, follow_up_of), or null.
    public static async Task<Guid?> OriginalOfAsync(
        DbSession session,
        Guid reminderId,
        string column,
        CancellationToken cancellationToken
    )
    {
        await using var command = await session.CommandAsync(
            $"SELECT {column} FROM reminder WHERE id = $1",
            cancellationToken
        );
        command.Parameters.Add(new() { Value = reminderId });
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    // `recipients` is an INSERT into snapshot_recipient with $1 the derived snapshot, $2 the
    // original reminder and $3 the resolved snapshot; `bound` a count with $1 the original.
    public static async Task<AudienceSnapshotReceived> SaveAsync(
        DbSession session,
        AudienceSnapshotReceived resolved,
        Guid original,
        string recipients,
        string bound,
        CancellationToken cancellationToken
    )
    {
        var derivedId = NewId.NextGuid();
        await session.ExecuteAsync(
            """
            INSERT INTO audience_snapshot (snapshot_id, reminder_id, request_id, chunk_count, derived_from)
            VALUES ($1, $2, $3, 0, $4)
            """,
            cancellationToken,
            derivedId,
            resolved.ReminderId,
            resolved.RequestId,
            resolved.SnapshotId
        );
        await session.ExecuteAsync(recipients, cancellationToken, derivedId, original, resolved.SnapshotId);

        var ids = await SnapshotRows.MemberIdsAsync(session, derivedId, cancellationToken);
        var digest = AudienceDigest.Compute(ids);
        var limit = (await session.QueryAsync(bound, reader => reader.GetInt32(0), cancellationToken, original))[0];
        await session.ExecuteAsync(
            """
            UPDATE audience_snapshot
            SET announced_count = $2, bound = $3, digest = $4, completed_at = now()
            WHERE snapshot_id = $1
            """,
            cancellationToken,
            derivedId,
            ids.Count,
            limit,
            digest
        );
        return new AudienceSnapshotReceived(
            resolved.ReminderId,
            resolved.RequestId,
            derivedId,
            ids.Count,
            limit,
            digest,
            null
        );
    }
}
