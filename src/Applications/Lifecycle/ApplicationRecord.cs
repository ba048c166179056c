namespace Habatan.Applications.Lifecycle;

// What a state change needs to know about an application, locked for the change.
public sealed record ApplicationRecord(
    long Id,
    string Number,
    string Owner,
    ApplicationStatus Status,
    int Units,
    string Email,
    string Phone,
    string Address,
    string FamilyNameKana,
    string GivenNameKana,
    long CampaignId,
    string CampaignCode,
    long UnitPriceYen,
    int PremiumRatePercent,
    bool CampaignSuspended
);

public sealed class ApplicationRecords(DbSession session)
{
    // With an owner, only that member's application is found: anyone else's number reads as
    // "not found", exactly like a number that does not exist.
    public Task<ApplicationRecord?> FindForUpdateAsync(
        string number,
        string? owner,
        CancellationToken cancellationToken
    ) =>
        session.QuerySingleAsync(
            """
            SELECT a.id, a.public_id, a.owner_subject, a.status, a.units, a.email, a.phone, a.address,
                   a.family_name_kana, a.given_name_kana,
                   c.id, c.code, c.unit_price_yen, c.premium_rate_percent, c.suspended_at IS NOT NULL
            FROM application a JOIN campaign c ON c.id = a.campaign_id
            WHERE a.public_id = $1 AND ($2::text IS NULL OR a.owner_subject = $2)
            FOR UPDATE OF a
            """,
            reader => new ApplicationRecord(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                ApplicationStatusLabels.Parse(reader.GetString(3)),
                reader.GetInt32(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.GetString(7),
                reader.GetString(8),
                reader.GetString(9),
                reader.GetInt64(10),
                reader.GetString(11),
                reader.GetInt64(12),
                reader.GetInt32(13),
                reader.GetBoolean(14)
            ),
            cancellationToken,
            number,
            SessionQueries.NullableText(owner)
        );
}
