using System.Diagnostics;

namespace Habatan.Applications.Campaigns;

// Campaign rows and their ops audit, in the caller's unit of work.
public sealed class CampaignStore(DbSession session)
{
    internal const string Columns =
        "id, code, name, opens_at, closes_at, unit_price_yen, premium_rate_percent, unit_limit, "
        + "household_members_required, accepted_documents, suspended_at";

    // FOR SHARE when submitting: a suspension (an UPDATE of this row) waits for submissions in
    // flight and later ones see it, so nothing is accepted after the kill switch commits.
    public Task<Campaign?> FindAsync(string code, CancellationToken cancellationToken, string locking = "") =>
        session.QuerySingleAsync(
            $"SELECT {Columns} FROM campaign WHERE code = $1 {locking}",
            Read,
            cancellationToken,
            code
        );

    public Task<List<Campaign>> ListAsync(CancellationToken cancellationToken) =>
        session.QueryAsync($"SELECT {Columns} FROM campaign ORDER BY opens_at, code", Read, cancellationToken);

    // False when the code is taken.
    public async Task<bool> CreateAsync(NewCampaign campaign, string actor, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            """
            INSERT INTO campaign (code, name, opens_at, closes_at, unit_price_yen, premium_rate_percent, unit_limit,
                household_members_required, accepted_documents)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (code) DO NOTHING RETURNING id
            """,
            cancellationToken
        );
        foreach (
            var value in new object[]
            {
                campaign.Code,
                campaign.Name,
                campaign.OpensAt,
                campaign.ClosesAt,
                campaign.UnitPriceYen,
                campaign.PremiumRatePercent,
                campaign.UnitLimit,
                campaign.HouseholdMembersRequired,
                campaign.AcceptedDocuments.ToArray(),
            }
        )
            command.Parameters.Add(new() { Value = value });
        if (await command.ExecuteScalarAsync(cancellationToken) is not long id)
            return false;
        await AuditAsync(
            id,
            actor,
            "created",
            "新規作成",
            $"{Jst.Display(campaign.OpensAt)}〜{Jst.Display(campaign.ClosesAt)}",
            cancellationToken
        );
        return true;
    }

    public Task<int> SetSuspendedAsync(long id, DateTimeOffset? suspendedAt, CancellationToken cancellationToken) =>
        session.ExecuteAsync("UPDATE campaign SET suspended_at = $2 WHERE id = $1", cancellationToken, id, suspendedAt);

    public Task<int> SetClosesAtAsync(long id, DateTimeOffset closesAt, CancellationToken cancellationToken) =>
        session.ExecuteAsync("UPDATE campaign SET closes_at = $2 WHERE id = $1", cancellationToken, id, closesAt);

    public Task<int> AuditAsync(
        long campaignId,
        string actor,
        string action,
        string reason,
        string? detail,
        CancellationToken cancellationToken
    ) =>
        session.ExecuteAsync(
            """
            INSERT INTO campaign_audit (campaign_id, actor, action, reason, detail, trace_id)
            VALUES ($1, $2, $3, $4, $5, $6)
            """,
            cancellationToken,
            campaignId,
            actor,
            action,
            reason,
            detail,
            Activity.Current?.TraceId.ToString()
        );

    public Task<List<CampaignAuditEntry>> AuditTrailAsync(long campaignId, CancellationToken cancellationToken) =>
        session.QueryAsync(
            """
            SELECT actor, action, reason, detail, at, trace_id FROM campaign_audit
            WHERE campaign_id = $1 ORDER BY at, id
            """,
            reader => new CampaignAuditEntry(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                Jst.Of(reader.GetFieldValue<DateTimeOffset>(4)),
                reader.IsDBNull(5) ? null : reader.GetString(5)
            ),
            cancellationToken,
            campaignId
        );

    internal static Campaign Read(NpgsqlDataReader reader) =>
        new(
            reader.GetInt64(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetFieldValue<DateTimeOffset>(3),
            reader.GetFieldValue<DateTimeOffset>(4),
            reader.GetInt64(5),
            reader.GetInt32(6),
            reader.GetInt32(7),
            reader.GetBoolean(8),
            reader.GetFieldValue<string[]>(9),
            reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10)
        );
}

public sealed record NewCampaign(
    string Code,
    string Name,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    long UnitPriceYen,
    int PremiumRatePercent,
    int UnitLimit,
    bool HouseholdMembersRequired,
    IReadOnlyList<string> AcceptedDocuments
);

public sealed record CampaignAuditEntry(
    string Actor,
    string Action,
    string Reason,
    string? Detail,
    DateTimeOffset At,
    string? TraceId
);
