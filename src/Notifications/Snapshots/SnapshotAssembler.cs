using Habatan.Contracts.Audiences;
using Habatan.Notifications.Reminders;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Habatan.Notifications.Snapshots;

// Decides when a snapshot is whole and whether it is what Members said it was. Runs in the unit
// of work of whichever message arrived last, holding the snapshot row's lock, so exactly one of
// them sees the set complete and tells the saga. Nothing is trusted before the check: the
// recipients stored must number the announced count and hash to the announced digest.
public sealed partial class SnapshotAssembler(
    DbSession session,
    IOutbox outbox,
    IOptions<SnapshotOptions> options,
    ILogger<SnapshotAssembler> logger
)
{
    // A snapshot for a reminder this service does not know (another environment, a test) is
    // dropped: there is nobody to reconcile it for.
    public async Task<bool> KnowsReminderAsync(Guid reminderId, Guid snapshotId, CancellationToken cancellationToken)
    {
        if (await SnapshotRows.ReminderExistsAsync(session, reminderId, cancellationToken))
            return true;
        LogUnknownReminder(logger, snapshotId, reminderId);
        return false;
    }

    public async Task TryCompleteAsync(Guid snapshotId, CancellationToken cancellationToken)
    {
        session.StatementTimeout = options.Value.StatementTimeout;
        var header = await ReadHeaderAsync(snapshotId, cancellationToken);
        if (header is null || header.CompletedAt is not null || header.ChunkCount is not int chunkCount)
            return;
        if (await ReceivedChunksAsync(snapshotId, chunkCount, cancellationToken) < chunkCount)
            return;

        var ids = await SnapshotRows.MemberIdsAsync(session, snapshotId, cancellationToken);
        var digest = AudienceDigest.Compute(ids);
        string? problem = null;
        if (ids.Count != header.AnnouncedCount)
            problem =
                $"受信した対象者 {ids.Count:N0} 件が通知された件数 {header.AnnouncedCount:N0} "
                    + $"件と一致しません。スナップショットを取り直してください。";
        else if (!string.Equals(digest, header.Digest, StringComparison.Ordinal))
            problem =
                "受信した対象者のダイジェストが通知されたダイジェストと一致し"
                    + "ません（欠落または改ざん）。スナップショットを取り直してくだ"
                    + "さい。";
        await session.ExecuteAsync(
            "UPDATE audience_snapshot SET completed_at = now() WHERE snapshot_id = $1",
            cancellationToken,
            snapshotId
        );

        var received = new AudienceSnapshotReceived(
            header.ReminderId,
            header.RequestId,
            snapshotId,
            ids.Count,
            header.Bound,
            digest,
            problem
        );
        // A correction or a follow-up is approved over the audience derived from the original's
        // deliveries (CorrectionAudience, FollowUpAudience), not the one resolved.
        if (
            problem is null
            && await CorrectionAudience.OriginalOfAsync(session, header.ReminderId, cancellationToken) is Guid original
        )
            received = await CorrectionAudience.DeriveAsync(session, received, original, cancellationToken);
        else if (
            problem is null
            && await FollowUpAudience.OriginalOfAsync(session, header.ReminderId, cancellationToken) is Guid followed
        )
            received = await FollowUpAudience.DeriveAsync(session, received, followed, cancellationToken);

        LogComplete(logger, snapshotId, received.SnapshotId, received.Count, problem is null);
        await outbox.PublishAsync(received, cancellationToken);
    }

    private async Task<SnapshotHeader?> ReadHeaderAsync(Guid snapshotId, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            """
            SELECT reminder_id, request_id, announced_count, bound, digest, chunk_count, completed_at
            FROM audience_snapshot WHERE snapshot_id = $1 FOR UPDATE
            """,
            cancellationToken
        );
        command.Parameters.Add(new() { Value = snapshotId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.IsDBNull(2))
            return null;
        return new SnapshotHeader(
            reader.GetGuid(0),
            reader.GetGuid(1),
            reader.GetInt32(2),
            reader.GetInt32(3),
            reader.GetString(4),
            reader.GetInt32(5),
            reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)
        );
    }

    private async Task<long> ReceivedChunksAsync(Guid snapshotId, int chunkCount, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            """
            SELECT count(*)
            FROM audience_snapshot_chunk
            WHERE snapshot_id = $1 AND chunk_index < $2
            """,
            cancellationToken
        );
        command.Parameters.Add(new() { Value = snapshotId });
        command.Parameters.Add(new() { Value = chunkCount });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private sealed record SnapshotHeader(
        Guid ReminderId,
        Guid RequestId,
        int AnnouncedCount,
        int Bound,
        string Digest,
        int? ChunkCount,
        DateTimeOffset? CompletedAt
    );

    [LoggerMessage(
        LogLevel.Warning,
        "Snapshot {SnapshotId} names reminder {ReminderId}, which this service does not know; ignored"
    )]
    private static partial void LogUnknownReminder(ILogger logger, Guid snapshotId, Guid reminderId);

    [LoggerMessage(
        LogLevel.Information,
        "Snapshot {SnapshotId} complete; reminder snapshot {ReminderSnapshotId} has {Count} recipients "
            + "(verified: {Verified})"
    )]
    private static partial void LogComplete(
        ILogger logger,
        Guid snapshotId,
        Guid reminderSnapshotId,
        int count,
        bool verified
    );
}
