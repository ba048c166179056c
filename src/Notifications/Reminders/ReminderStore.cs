using System.Text.Json;

namespace Habatan.Notifications.Reminders;

public sealed record ReminderRow(
    Guid Id,
    string Name,
    string Audience,
    string CampaignCode,
    string Subject,
    string Body,
    string[] Channels,
    DateTimeOffset SendFrom,
    DateTimeOffset SendUntil,
    int MessagesPerSecond,
    string[] SeedList,
    string RequestedBy,
    Guid? CorrectionOf,
    bool Halted,
    DateTimeOffset CreatedAt,
    Guid? FollowUpOf = null,
    string[]? MemberIds = null
);

public sealed record TestSend(Guid SnapshotId, string SentBy, IReadOnlyList<string> Recipients, DateTimeOffset SentAt);

// The reminder rows and the saga's state as the API reads them, in the request's unit of work.
public sealed class ReminderStore(DbSession session)
{
    public Task InsertAsync(
        Guid id,
        NewReminder reminder,
        string requestedBy,
        Guid? correctionOf,
        Guid? followUpOf,
        CancellationToken cancellationToken
    ) =>
        session.ExecuteAsync(
            """
            INSERT INTO reminder (id, name, audience, campaign_code, subject, body, channels, send_from, send_until,
                                  messages_per_second, seed_list, requested_by, correction_of, follow_up_of,
                                  member_ids)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            """,
            cancellationToken,
            id,
            reminder.Name,
            reminder.Audience,
            reminder.CampaignCode,
            reminder.Subject,
            reminder.Body,
            reminder.Channels,
            reminder.SendFrom,
            reminder.SendUntil,
            reminder.MessagesPerSecond,
            reminder.SeedList,
            requestedBy,
            correctionOf,
            followUpOf,
            reminder.MemberIds
        );

    public async Task<ReminderRow?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE id = $1", cancellationToken, id)).SingleOrDefault();

    public Task<List<ReminderRow>> RecentAsync(CancellationToken cancellationToken) =>
        QueryAsync("ORDER BY created_at DESC LIMIT 100", cancellationToken);

    // Null until the saga has handled ReminderRequested (a moment after creation).
    public async Task<ReminderState?> SagaAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            "SELECT data::text FROM saga_instance WHERE saga_type = $1 AND correlation_id = $2",
            cancellationToken
        );
        command.Parameters.Add(new() { Value = ReminderStateMachine.SagaType });
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteScalarAsync(cancellationToken) is string json
            ? JsonSerializer.Deserialize<ReminderState>(json)
            : null;
    }

    public Task<int> SetHaltedAsync(Guid id, bool halted, CancellationToken cancellationToken) =>
        session.ExecuteAsync("UPDATE reminder SET halted = $2 WHERE id = $1", cancellationToken, id, halted);

    public Task RecordTestSendAsync(Guid reminderId, TestSend send, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            """
            INSERT INTO reminder_test_send (id, reminder_id, snapshot_id, sent_by, recipients, sent_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            """,
            cancellationToken,
            Guid.NewGuid(),
            reminderId,
            send.SnapshotId,
            send.SentBy,
            send.Recipients.ToArray(),
            send.SentAt
        );

    public Task<List<TestSend>> TestSendsAsync(Guid reminderId, CancellationToken cancellationToken) =>
        session.QueryAsync(
            """
            SELECT snapshot_id, sent_by, recipients, sent_at
            FROM reminder_test_send
            WHERE reminder_id = $1
            ORDER BY sent_at
            """,
            reader => new TestSend(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetFieldValue<string[]>(2),
                reader.GetFieldValue<DateTimeOffset>(3)
            ),
            cancellationToken,
            reminderId
        );

    private Task<List<ReminderRow>> QueryAsync(
        string tail,
        CancellationToken cancellationToken,
        params object[] values
    ) =>
        session.QueryAsync(
            $"""
            SELECT id, name, audience, campaign_code, subject, body, channels, send_from, send_until,
                   messages_per_second, seed_list, requested_by, correction_of, halted, created_at, follow_up_of,
                   member_ids
            FROM reminder {tail}
            """,
            reader => new ReminderRow(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetFieldValue<string[]>(6),
                reader.GetFieldValue<DateTimeOffset>(7),
                reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetInt32(9),
                reader.GetFieldValue<string[]>(10),
                reader.GetString(11),
                reader.IsDBNull(12) ? null : reader.GetGuid(12),
                reader.GetBoolean(13),
                reader.GetFieldValue<DateTimeOffset>(14),
                reader.IsDBNull(15) ? null : reader.GetGuid(15),
                reader.IsDBNull(16) ? null : reader.GetFieldValue<string[]>(16)
            ),
            cancellationToken,
            values
        );
}
