using System.Text.Json;
using Habatan.Infrastructure.Data;

namespace Habatan.Notifications.Campaigns;

public sealed record CampaignRow(
    Guid Id, string Name, string Audience, string CampaignCode, string Subject, string Body, string[] Channels,
    DateTimeOffset SendFrom, DateTimeOffset SendUntil, int MessagesPerSecond, string[] SeedList, string RequestedBy,
    Guid? CorrectionOf, bool Halted, DateTimeOffset CreatedAt);

public sealed record TestSend(Guid SnapshotId, string SentBy, IReadOnlyList<string> Recipients, DateTimeOffset SentAt);

// The campaign rows and the saga's state as the API reads them, in the request's unit of work.
public sealed class CampaignStore(DbSession session)
{
    public Task InsertAsync(Guid id, NewCampaign campaign, string requestedBy, Guid? correctionOf, CancellationToken cancellationToken) =>
        session.ExecuteAsync("""
            INSERT INTO campaign (id, name, audience, campaign_code, subject, body, channels, send_from, send_until,
                                  messages_per_second, seed_list, requested_by, correction_of)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            """, cancellationToken, id, campaign.Name, campaign.Audience, campaign.CampaignCode, campaign.Subject, campaign.Body,
            campaign.Channels, campaign.SendFrom, campaign.SendUntil, campaign.MessagesPerSecond, campaign.SeedList, requestedBy, correctionOf);

    public async Task<CampaignRow?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE id = $1", cancellationToken, id)).SingleOrDefault();

    public Task<List<CampaignRow>> RecentAsync(CancellationToken cancellationToken) =>
        QueryAsync("ORDER BY created_at DESC LIMIT 100", cancellationToken);

    // Null until the saga has handled CampaignRequested (a moment after creation).
    public async Task<CampaignState?> SagaAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            "SELECT data::text FROM saga_instance WHERE saga_type = $1 AND correlation_id = $2", cancellationToken);
        command.Parameters.Add(new() { Value = CampaignStateMachine.SagaType });
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? JsonSerializer.Deserialize<CampaignState>(json) : null;
    }

    public Task<int> SetHaltedAsync(Guid id, bool halted, CancellationToken cancellationToken) =>
        session.ExecuteAsync("UPDATE campaign SET halted = $2 WHERE id = $1", cancellationToken, id, halted);

    public Task RecordTestSendAsync(Guid campaignId, TestSend send, CancellationToken cancellationToken) =>
        session.ExecuteAsync("""
            INSERT INTO campaign_test_send (id, campaign_id, snapshot_id, sent_by, recipients, sent_at) VALUES ($1, $2, $3, $4, $5, $6)
            """, cancellationToken, Guid.NewGuid(), campaignId, send.SnapshotId, send.SentBy, send.Recipients.ToArray(), send.SentAt);

    public Task<List<TestSend>> TestSendsAsync(Guid campaignId, CancellationToken cancellationToken) =>
        session.QueryAsync("SELECT snapshot_id, sent_by, recipients, sent_at FROM campaign_test_send WHERE campaign_id = $1 ORDER BY sent_at",
            reader => new TestSend(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetFieldValue<DateTimeOffset>(3)),
            cancellationToken, campaignId);

    private Task<List<CampaignRow>> QueryAsync(string tail, CancellationToken cancellationToken, params object[] values) =>
        session.QueryAsync($"""
            SELECT id, name, audience, campaign_code, subject, body, channels, send_from, send_until, messages_per_second,
                   seed_list, requested_by, correction_of, halted, created_at
            FROM campaign {tail}
            """,
            reader => new CampaignRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetFieldValue<string[]>(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetInt32(9), reader.GetFieldValue<string[]>(10), reader.GetString(11), reader.IsDBNull(12) ? null : reader.GetGuid(12),
                reader.GetBoolean(13), reader.GetFieldValue<DateTimeOffset>(14)),
            cancellationToken, values);
}
