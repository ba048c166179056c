using Habatan.Notifications.Reminders;

namespace Habatan.Notifications.Reports;

// One channel's numbers. Every delivery row of an approved snapshot is in exactly one of sent,
// failed (Unknown included: claimed when a sender died, maybe sent) and not sent (pending,
// in flight, or unreachable on this channel), so Sent + Failed + NotSent = Approved.
public sealed record ChannelReport(
    string Channel,
    int Approved,
    int Sent,
    int Failed,
    int Unknown,
    int NotSent,
    int Skipped,
    int InFlight
);

// Incident 2, point 7: the numbers the prefecture gets before and after sending.
public sealed record ReminderReport(
    Guid ReminderId,
    string Name,
    string State,
    bool Halted,
    int? Declared,
    int? Resolved,
    int? Bound,
    int Approved,
    IReadOnlyList<ChannelReport> Channels,
    DateTimeOffset GeneratedAt
)
{
    public static async Task<ReminderReport?> BuildAsync(
        Guid id,
        ReminderStore store,
        DbSession session,
        TimeProvider time,
        CancellationToken cancellationToken
    )
    {
        if (await store.FindAsync(id, cancellationToken) is not { } reminder)
            return null;
        var saga = await store.SagaAsync(id, cancellationToken);
        var counts = await CountsAsync(id, session, cancellationToken);
        int Count(string channel, params string[] statuses) =>
            statuses.Sum(s => counts.GetValueOrDefault((channel, s)));

        var channels = reminder
            .Channels.Select(channel =>
            {
                var notSent = Count(channel, "Pending", "Claimed", "Skipped");
                return new ChannelReport(
                    channel,
                    Count(channel, "Pending", "Claimed", "Sent", "Failed", "Unknown", "Skipped"),
                    Count(channel, "Sent"),
                    Count(channel, "Failed", "Unknown"),
                    Count(channel, "Unknown"),
                    notSent,
                    Count(channel, "Skipped"),
                    Count(channel, "Claimed")
                );
            })
            .ToList();
        return new ReminderReport(
            id,
            reminder.Name,
            saga?.CurrentState ?? ReminderView.Requested,
            reminder.Halted,
            saga?.DeclaredCount,
            saga?.ResolvedCount,
            saga?.Bound,
            saga?.ApprovedCount ?? 0,
            channels,
            time.GetUtcNow()
        );
    }

    private static async Task<Dictionary<(string, string), int>> CountsAsync(
        Guid id,
        DbSession session,
        CancellationToken cancellationToken
    ) =>
        (
            await session.QueryAsync(
                """
                SELECT channel, status, count(*)::int
                FROM reminder_delivery
                WHERE reminder_id = $1
                GROUP BY channel, status
                """,
                reader => (Key: (reader.GetString(0), reader.GetString(1)), Count: reader.GetInt32(2)),
                cancellationToken,
                id
            )
        ).ToDictionary(row => row.Key, row => row.Count);
}
