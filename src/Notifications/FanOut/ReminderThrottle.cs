namespace Habatan.Notifications.FanOut;

// A reminder's messagesPerSecond, for all replicas together: PostgreSQL keeps the reminder's
// next free send slot (reminder_throttle), and a sender reserves `count` slots with one atomic
// UPDATE before it sends a batch. The reservation starts at the later of the next slot and now,
// so a pause saves nothing up; the sender then sends message i no earlier than start + i/rate.
// Two replicas get consecutive reservations and so together keep the rate.
internal static class ReminderThrottle
{
    // How long to wait before the first message of the reserved slots (zero or more).
    public static async Task<TimeSpan> ReserveAsync(
        DbSession session,
        Guid reminderId,
        int count,
        int messagesPerSecond,
        CancellationToken cancellationToken
    )
    {
        await using var command = await session.CommandAsync(
            """
            INSERT INTO reminder_throttle AS t (reminder_id, next_slot)
            VALUES ($1, clock_timestamp() + $2 * interval '1 second' / $3)
            ON CONFLICT (reminder_id) DO UPDATE
            SET next_slot = greatest(t.next_slot, clock_timestamp()) + $2 * interval '1 second' / $3
            RETURNING extract(epoch FROM t.next_slot - $2 * interval '1 second' / $3 - clock_timestamp())::float8
            """,
            cancellationToken
        );
        command.Parameters.Add(new() { Value = reminderId });
        command.Parameters.Add(new() { Value = (double)count });
        command.Parameters.Add(new() { Value = (double)Math.Max(1, messagesPerSecond) });
        var wait = (double)(await command.ExecuteScalarAsync(cancellationToken))!;
        await session.CommitAsync(cancellationToken);
        return TimeSpan.FromSeconds(Math.Max(0, wait));
    }

    // When message `index` of a reservation may go, from the reservation's start.
    public static TimeSpan SlotOf(int index, int messagesPerSecond) =>
        TimeSpan.FromSeconds(index / (double)Math.Max(1, messagesPerSecond));
}
