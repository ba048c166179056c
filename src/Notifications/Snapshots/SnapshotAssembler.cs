using Habatan.Contracts.Audiences;
using Habatan.Infrastructure.Data;
using Habatan.Infrastructure.Outbox;
using Habatan.Notifications.Reminders;
using MassTransit;

namespace Habatan.Notifications.Snapshots;

// Decides when a snapshot is whole and whether it is what Members said it was. Runs in the unit
// of work of whichever message arrived last, holding the snapshot row's lock, so exactly one of
// them sees the set complete and tells the saga. Nothing is trusted before the check: the
// recipients stored must number the announced count and hash to the announced digest.
public sealed partial class SnapshotAssembler(DbSession session, IOutbox outbox, ILogger<SnapshotAssembler> logger)
{
    // A snapshot for a reminder this service does not know (another environment, a test) is
    // dropped: there is nobody to reconcile it for.
    public async Task<bool> KnowsReminderAsync(Guid reminderId, Guid snapshotId, CancellationToken cancellationToken)
    {
        if (await SnapshotRows.ReminderExistsAsync(session, reminderId, cancellationToken)) return true;
        LogUnknownReminder(logger, snapshotId, reminderId);
        return false;
    }

    public async Task TryCompleteAsync(Guid snapshotId, CancellationToken cancellationToken)
    {
        var header = await ReadHeaderAsync(snapshotId, cancellationToken);
        if (header is null || header.CompletedAt is not null || header.ChunkCount is not int chunkCount) return;
        if (await ReceivedChunksAsync(snapshotId, chunkCount, cancellationToken) < chunkCount) return;

        var ids = await SnapshotRows.MemberIdsAsync(session, snapshotId, cancellationToken);
        var digest = AudienceDigest.Compute(ids);
        string? problem = null;
        if (ids.Count != header.AnnouncedCount)
            problem = $"受信した対象者 {ids.Count:N0} 件が通知された件数 {header.AnnouncedCount:N0} 件と一致しません。スナップショットを取り直してください。";
        else if (!string.Equals(digest, header.Digest, StringComparison.Ordinal))
            problem = "受信した対象者のダイジェストが通知されたダイジェストと一致しません（欠落または改ざん）。スナップショットを取り直してください。";
        await session.ExecuteAsync("UPDATE audience_snapshot SET completed_at = now() WHERE snapshot_id = $1", cancellationToken, snapshotId);

        var received = new AudienceSnapshotReceived(header.ReminderId, header.RequestId, snapshotId, ids.Count, header.Bound, digest, problem);
        if (problem is null && await CorrectionOfAsync(header.ReminderId, cancellationToken) is Guid original)
            received = await DeriveCorrectionAsync(header, original, snapshotId, cancellationToken);

        LogComplete(logger, snapshotId, received.SnapshotId, received.Count, problem is null);
        await outbox.PublishAsync(received, cancellationToken);
    }

    // A correction goes to the recipients of the original reminder (from its delivery records)
    // who are not in the audience just resolved: exactly the ones who should not have received
    // it. That set becomes a snapshot of its own, reconciled and approved like any other. Its
    // bound is the number of people the original reminder reached. Unknown deliveries (claimed
    // when a sender crashed) count as reached: they may have been.
    private async Task<AudienceSnapshotReceived> DeriveCorrectionAsync(SnapshotHeader header, Guid original, Guid excludedSnapshotId, CancellationToken cancellationToken)
    {
        var derivedId = NewId.NextGuid();
        await session.ExecuteAsync("""
            INSERT INTO audience_snapshot (snapshot_id, reminder_id, request_id, chunk_count, derived_from)
            VALUES ($1, $2, $3, 0, $4)
            """, cancellationToken, derivedId, header.ReminderId, header.RequestId, excludedSnapshotId);
        await session.ExecuteAsync("""
            INSERT INTO snapshot_recipient (snapshot_id, member_id, email, inbox_opt_in)
            SELECT DISTINCT ON (r.member_id) $1, r.member_id, r.email, r.inbox_opt_in
            FROM reminder_delivery d
            JOIN snapshot_recipient r ON r.snapshot_id = d.snapshot_id AND r.member_id = d.member_id
            WHERE d.reminder_id = $2 AND d.status IN ('Sent', 'Unknown')
              AND NOT EXISTS (SELECT 1 FROM snapshot_recipient y WHERE y.snapshot_id = $3 AND y.member_id = d.member_id)
            ORDER BY r.member_id
            """, cancellationToken, derivedId, original, excludedSnapshotId);

        var ids = await SnapshotRows.MemberIdsAsync(session, derivedId, cancellationToken);
        var digest = AudienceDigest.Compute(ids);
        int bound;
        await using (var command = await session.CommandAsync(
            "SELECT count(DISTINCT member_id)::int FROM reminder_delivery WHERE reminder_id = $1 AND status IN ('Sent', 'Unknown')", cancellationToken))
        {
            command.Parameters.Add(new() { Value = original });
            bound = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        await session.ExecuteAsync(
            "UPDATE audience_snapshot SET announced_count = $2, bound = $3, digest = $4, completed_at = now() WHERE snapshot_id = $1",
            cancellationToken, derivedId, ids.Count, bound, digest);
        return new AudienceSnapshotReceived(header.ReminderId, header.RequestId, derivedId, ids.Count, bound, digest, null);
    }

    private async Task<SnapshotHeader?> ReadHeaderAsync(Guid snapshotId, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync("""
            SELECT reminder_id, request_id, announced_count, bound, digest, chunk_count, completed_at
            FROM audience_snapshot WHERE snapshot_id = $1 FOR UPDATE
            """, cancellationToken);
        command.Parameters.Add(new() { Value = snapshotId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.IsDBNull(2)) return null;
        return new SnapshotHeader(reader.GetGuid(0), reader.GetGuid(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetString(4),
            reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6));
    }

    private async Task<long> ReceivedChunksAsync(Guid snapshotId, int chunkCount, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            "SELECT count(*) FROM audience_snapshot_chunk WHERE snapshot_id = $1 AND chunk_index < $2", cancellationToken);
        command.Parameters.Add(new() { Value = snapshotId });
        command.Parameters.Add(new() { Value = chunkCount });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<Guid?> CorrectionOfAsync(Guid reminderId, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync("SELECT correction_of FROM reminder WHERE id = $1", cancellationToken);
        command.Parameters.Add(new() { Value = reminderId });
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    private sealed record SnapshotHeader(Guid ReminderId, Guid RequestId, int AnnouncedCount, int Bound, string Digest, int? ChunkCount, DateTimeOffset? CompletedAt);

    [LoggerMessage(LogLevel.Warning, "Snapshot {SnapshotId} names reminder {ReminderId}, which this service does not know; ignored")]
    private static partial void LogUnknownReminder(ILogger logger, Guid snapshotId, Guid reminderId);

    [LoggerMessage(LogLevel.Information, "Snapshot {SnapshotId} complete; reminder snapshot {ReminderSnapshotId} has {Count} recipients (verified: {Verified})")]
    private static partial void LogComplete(ILogger logger, Guid snapshotId, Guid reminderSnapshotId, int count, bool verified);
}
