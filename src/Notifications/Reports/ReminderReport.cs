using Habatan.Notifications.FanOut;
using Habatan.Notifications.Reminders;

namespace Habatan.Notifications.Reports;

// One channel's numbers. Every delivery row of an approved snapshot is in exactly one of sent,
// failed and not sent, so Sent + Failed + NotSent = Approved. Failed = Refused (a 5xx reply: it
// did not arrive) + Unknown (lost after DATA or claimed by a sender that died: it may have).
// NotSent = pending (Retrying of them wait for another attempt), in flight, unreachable on this
// channel (Skipped), or NotAccepted (4xx or no connection on every attempt: nothing arrived).
// NoLongerEligible is the part of Skipped the send-time check took out (EligibilityAtSendTime).
public sealed record ChannelReport(
    string Channel,
    int Approved,
    int Sent,
    int Failed,
    int Unknown,
    int NotSent,
    int Skipped,
    int InFlight,
    int Refused = 0,
    int NotAccepted = 0,
    int Retrying = 0,
    int NoLongerEligible = 0
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
                var notSent = Count(channel, "Pending", Retrying, "Claimed", "Skipped", "NotAccepted");
                return new ChannelReport(
                    channel,
                    notSent + Count(channel, "Sent", "Failed", "Unknown"),
                    Count(channel, "Sent"),
                    Count(channel, "Failed", "Unknown"),
                    Count(channel, "Unknown"),
                    notSent,
                    Count(channel, "Skipped"),
                    Count(channel, "Claimed"),
                    Count(channel, "Failed"),
                    Count(channel, "NotAccepted"),
                    Count(channel, Retrying),
                    Count(channel, NoLongerEligible)
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

    // Pending rows that were tried already and wait for their next attempt.
    private const string Retrying = "Pending, retrying";

    // A pseudo-status in the counts: Skipped rows whose reason is the send-time check.
    private const string NoLongerEligible = "Skipped: no longer eligible";

    private static async Task<Dictionary<(string, string), int>> CountsAsync(
        Guid id,
        DbSession session,
        CancellationToken cancellationToken
    ) =>
        (
            await session.QueryAsync(
                """
                SELECT channel, CASE WHEN status = 'Pending' AND attempts > 0 THEN $2 ELSE status END, count(*)::int
                FROM reminder_delivery
                WHERE reminder_id = $1
                GROUP BY 1, 2
                UNION ALL
                SELECT channel, $3, count(*)::int
                FROM reminder_delivery
                WHERE reminder_id = $1 AND status = 'Skipped' AND error = $4
                GROUP BY channel
                """,
                reader => (Key: (reader.GetString(0), reader.GetString(1)), Count: reader.GetInt32(2)),
                cancellationToken,
                id,
                Retrying,
                NoLongerEligible,
                EligibilityAtSendTime.NoLongerEligible
            )
        ).ToDictionary(row => row.Key, row => row.Count);
}
