using Habatan.Members.Audit;

namespace Habatan.Members.Entitlements;

// A named member's entitlements (amounts in yen) for ops. Reading them writes the access-audit
// row in the same transaction (DESIGN.md incident 1, point 6); an unknown member reads nothing
// of anyone and, as in Applications, writes no row.
public sealed class EntitlementReader(DbSession session, AccessAudit audit)
{
    public static readonly IReadOnlyList<string> ReadFields =
    [
        "entitlements.campaignCode",
        "entitlements.units",
        "entitlements.wonAmountYen",
        "entitlements.premiumAmountYen",
        "entitlements.chargedAmountYen",
        "entitlements.applicationId",
    ];

    public async Task<MemberEntitlements?> ReadAsync(string memberId, string actor, CancellationToken cancellationToken)
    {
        if (await MemberKeys.InternalIdAsync(session, memberId, cancellationToken) is not { } id)
            return null;

        var entitlements = await session.QueryAsync(
            """
            SELECT campaign_code, units, won_amount_yen, premium_amount_yen, charged_amount_yen, application_id,
                   created_at, updated_at
            FROM entitlement WHERE member_id = $1 ORDER BY campaign_code
            """,
            reader => new EntitlementView(
                reader.GetString(0),
                reader.GetInt32(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                reader.GetFieldValue<DateTimeOffset>(7)
            ),
            cancellationToken,
            id
        );
        await audit.MemberReadAsync(actor, memberId, ReadFields, cancellationToken);
        return new MemberEntitlements(memberId, entitlements);
    }
}

public sealed record MemberEntitlements(string MemberId, IReadOnlyList<EntitlementView> Entitlements);

public sealed record EntitlementView(
    string CampaignCode,
    int Units,
    long WonAmountYen,
    long PremiumAmountYen,
    long ChargedAmountYen,
    string? ApplicationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt
);
