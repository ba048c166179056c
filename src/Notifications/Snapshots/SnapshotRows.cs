using Habatan.Infrastructure.Data;

namespace Habatan.Notifications.Snapshots;

internal static class SnapshotRows
{
    public static async Task<bool> CampaignExistsAsync(DbSession session, Guid campaignId, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync("SELECT 1 FROM campaign WHERE id = $1", cancellationToken);
        command.Parameters.Add(new() { Value = campaignId });
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    // Locks the snapshot row for the rest of the unit of work; false if it belongs to another campaign.
    public static async Task<bool> LockAsync(DbSession session, Guid snapshotId, Guid campaignId, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            "SELECT campaign_id FROM audience_snapshot WHERE snapshot_id = $1 FOR UPDATE", cancellationToken);
        command.Parameters.Add(new() { Value = snapshotId });
        return await command.ExecuteScalarAsync(cancellationToken) is Guid owner && owner == campaignId;
    }

    public static Task<List<string>> MemberIdsAsync(DbSession session, Guid snapshotId, CancellationToken cancellationToken) =>
        session.QueryAsync("SELECT member_id FROM snapshot_recipient WHERE snapshot_id = $1", reader => reader.GetString(0), cancellationToken, snapshotId);
}
