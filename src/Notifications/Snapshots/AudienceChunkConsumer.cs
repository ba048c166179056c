using Habatan.Contracts.Audiences;
using MassTransit;

namespace Habatan.Notifications.Snapshots;

// Stores one chunk's recipients, keyed (snapshot, member). A chunk index seen before adds
// nothing, so a redelivered or re-published chunk cannot inflate the set; a member sent twice is
// stored once, and the count check then refuses the snapshot.
public sealed partial class AudienceChunkConsumer(
    DbSession session,
    SnapshotAssembler assembler,
    ILogger<AudienceChunkConsumer> logger
) : IConsumer<AudienceChunk>
{
    public async Task Consume(ConsumeContext<AudienceChunk> context)
    {
        var chunk = context.Message;
        var cancellationToken = context.CancellationToken;
        if (!await assembler.KnowsReminderAsync(chunk.ReminderId, chunk.SnapshotId, cancellationToken))
            return;

        // The snapshot row is the lock every piece of this snapshot takes first.
        await session.ExecuteAsync(
            """
            INSERT INTO audience_snapshot (snapshot_id, reminder_id)
            VALUES ($1, $2)
            ON CONFLICT (snapshot_id) DO NOTHING
            """,
            cancellationToken,
            chunk.SnapshotId,
            chunk.ReminderId
        );
        if (!await SnapshotRows.LockAsync(session, chunk.SnapshotId, chunk.ReminderId, cancellationToken))
        {
            LogNotOwner(logger, chunk.SnapshotId, chunk.ReminderId);
            return;
        }

        var recipients = chunk.Recipients ?? [];
        if (
            await session.ExecuteAsync(
                """
                INSERT INTO audience_snapshot_chunk (snapshot_id, chunk_index, recipients)
                VALUES ($1, $2, $3)
                ON CONFLICT DO NOTHING
                """,
                cancellationToken,
                chunk.SnapshotId,
                chunk.Index,
                recipients.Count
            ) == 0
        )
        {
            LogDuplicateChunk(logger, chunk.SnapshotId, chunk.Index);
            return;
        }

        await session.ExecuteAsync(
            """
            INSERT INTO snapshot_recipient (snapshot_id, member_id, email, inbox_opt_in)
            SELECT $1, r.member_id, r.email, r.inbox_opt_in
            FROM unnest($2::text[], $3::text[], $4::boolean[]) AS r(member_id, email, inbox_opt_in)
            ON CONFLICT (snapshot_id, member_id) DO NOTHING
            """,
            cancellationToken,
            chunk.SnapshotId,
            recipients.Select(r => r.MemberId).ToArray(),
            recipients.Select(r => string.IsNullOrWhiteSpace(r.Email) ? null : r.Email.Trim()).ToArray(),
            recipients.Select(r => r.InboxOptIn).ToArray()
        );
        await assembler.TryCompleteAsync(chunk.SnapshotId, cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "Chunk {Index} of snapshot {SnapshotId} arrived again; the first copy stands")]
    private static partial void LogDuplicateChunk(ILogger logger, Guid snapshotId, int index);

    [LoggerMessage(
        LogLevel.Warning,
        "Chunk of snapshot {SnapshotId} names reminder {ReminderId}, which does not own that snapshot here; ignored"
    )]
    private static partial void LogNotOwner(ILogger logger, Guid snapshotId, Guid reminderId);
}
