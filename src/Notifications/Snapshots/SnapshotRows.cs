namespace Habatan.Notifications.Snapshots;

internal static class SnapshotRows
{
    public static async Task<bool> ReminderExistsAsync(
        DbSession session,
        Guid reminderId,
        CancellationToken cancellationToken
    )
    {
        await using var command = await session.CommandAsync("SELECT 1 FROM reminder WHERE id = $1", cancellationToken);
        command.Parameters.Add(new() { Value = reminderId });
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    // Locks the snapshot row for the rest of the unit of work; false if it belongs to another reminder.
    public static async Task<bool> LockAsync(
        DbSession session,
        Guid snapshotId,
        Guid reminderId,
        CancellationToken cancellationToken
    )
    {
        await using var command = await session.CommandAsync(
            "SELECT reminder_id FROM audience_snapshot WHERE snapshot_id = $1 FOR UPDATE",
            cancellationToken
        );
        command.Parameters.Add(new() { Value = snapshotId });
        return await command.ExecuteScalarAsync(cancellationToken) is Guid owner && owner == reminderId;
    }

    public static Task<List<string>> MemberIdsAsync(
        DbSession session,
        Guid snapshotId,
        CancellationToken cancellationToken
    ) =>
        session.QueryAsync(
            "SELECT member_id FROM snapshot_recipient WHERE snapshot_id = $1",
            reader => reader.GetString(0),
            cancellationToken,
            snapshotId
        );
}
