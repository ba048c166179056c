using System.Diagnostics;
using Habatan.Contracts.Audiences;
using Habatan.Infrastructure.Outbox;
using MassTransit;

namespace Habatan.Members.Audiences;

// Publishes a frozen snapshot's recipients, a page at a time in member id order (the primary
// key's order, "C" collation), each page one AudienceChunk, in the inbox's transaction: the
// chunks are published once, and since the snapshot never changes, a retry publishes the same
// chunks. The recipients read back must add up to the count and digest already announced;
// anything else is a bug that must not reach Notifications, so it fails loudly instead.
public sealed partial class AudienceChunkPublisher(
    DbSession session,
    IOutbox outbox,
    ILogger<AudienceChunkPublisher> logger
) : IConsumer<PublishAudienceChunks>
{
    public async Task Consume(ConsumeContext<PublishAudienceChunks> context)
    {
        var cancellationToken = context.CancellationToken;
        var snapshotId = context.Message.SnapshotId;
        var snapshot =
            await session.QuerySingleAsync(
                """
                SELECT reminder_id, recipient_count, digest, chunk_size, chunk_count
                FROM audience_snapshot
                WHERE id = $1
                """,
                reader => new FrozenSnapshot(
                    reader.GetGuid(0),
                    reader.GetInt32(1),
                    reader.GetString(2),
                    reader.GetInt32(3),
                    reader.GetInt32(4)
                ),
                cancellationToken,
                snapshotId
            ) ?? throw new InvalidOperationException($"Snapshot {snapshotId} does not exist.");

        var clock = Stopwatch.StartNew();
        using var digest = new SortedAudienceDigest();
        var count = 0;
        var index = 0;
        var after = "";
        while (index < snapshot.ChunkCount)
        {
            var page = await PageAsync(snapshotId, after, snapshot.ChunkSize, cancellationToken);
            if (page.Count == 0)
                break;
            foreach (var recipient in page)
                digest.Append(recipient.MemberId);
            await outbox.PublishAsync(
                new AudienceChunk(snapshot.ReminderId, snapshotId, index++, page),
                cancellationToken
            );
            count += page.Count;
            after = page[^1].MemberId;
        }
        var published = digest.Finish();
        if (count != snapshot.Count || index != snapshot.ChunkCount || published != snapshot.Digest)
            throw new InvalidOperationException(
                $"Snapshot {snapshotId} reads back as {count} recipients in {index} chunks (digest {published}), "
                    + $"not the {snapshot.Count} in {snapshot.ChunkCount} announced (digest {snapshot.Digest})."
            );
        LogPublished(logger, snapshotId, index, count, (long)clock.Elapsed.TotalMilliseconds);
    }

    private async Task<List<AudienceRecipient>> PageAsync(
        Guid snapshotId,
        string after,
        int size,
        CancellationToken cancellationToken
    ) =>
        await session.QueryAsync(
            """
            SELECT public_id, email, inbox_opt_in FROM audience_snapshot_member
            WHERE snapshot_id = $1 AND public_id > $2 ORDER BY public_id LIMIT $3
            """,
            reader => new AudienceRecipient(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetBoolean(2)
            ),
            cancellationToken,
            snapshotId,
            after,
            size
        );

    private sealed record FrozenSnapshot(Guid ReminderId, int Count, string Digest, int ChunkSize, int ChunkCount);

    [LoggerMessage(
        LogLevel.Information,
        "Audience snapshot {SnapshotId}: {Chunks} chunks of {Count} recipients written to the outbox in {ElapsedMs} ms"
    )]
    private static partial void LogPublished(ILogger logger, Guid snapshotId, int chunks, int count, long elapsedMs);
}
