using Habatan.Contracts.Audiences;
using MassTransit;

namespace Habatan.Notifications.Snapshots;

// Stores what Members announced about a snapshot. The chunks may be here already or still on
// their way; the assembler decides, under the snapshot row's lock, whether the set is complete.
public sealed partial class AudienceResolvedConsumer(
    DbSession session,
    SnapshotAssembler assembler,
    ILogger<AudienceResolvedConsumer> logger
) : IConsumer<AudienceResolved>
{
    public async Task Consume(ConsumeContext<AudienceResolved> context)
    {
        var resolved = context.Message;
        var cancellationToken = context.CancellationToken;
        if (!await assembler.KnowsReminderAsync(resolved.ReminderId, resolved.SnapshotId, cancellationToken))
            return;

        // Locks the row: chunks of the same snapshot wait until this commits.
        await session.ExecuteAsync(
            """
            INSERT INTO audience_snapshot
                (snapshot_id, reminder_id, request_id, announced_count, bound, digest, chunk_count)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (snapshot_id) DO UPDATE
               SET request_id = EXCLUDED.request_id, announced_count = EXCLUDED.announced_count, bound = EXCLUDED.bound,
                   digest = EXCLUDED.digest, chunk_count = EXCLUDED.chunk_count
             WHERE audience_snapshot.announced_count IS NULL AND audience_snapshot.reminder_id = EXCLUDED.reminder_id
            """,
            cancellationToken,
            resolved.SnapshotId,
            resolved.ReminderId,
            resolved.RequestId,
            resolved.Count,
            resolved.Bound,
            resolved.Digest,
            resolved.ChunkCount
        );
        LogAnnounced(logger, resolved.SnapshotId, resolved.Count, resolved.Bound, resolved.ChunkCount);
        await assembler.TryCompleteAsync(resolved.SnapshotId, cancellationToken);
    }

    [LoggerMessage(
        LogLevel.Information,
        "Snapshot {SnapshotId} announced: {Count} recipients, bound {Bound}, {ChunkCount} chunks"
    )]
    private static partial void LogAnnounced(ILogger logger, Guid snapshotId, int count, int bound, int chunkCount);
}
