using Habatan.Contracts.Audiences;

namespace Habatan.Members.Audiences;

// Each audience's condition, written once as SQL over entitlement e and member m, with the
// campaign code as $2 and the day in Japan the audience is computed for as $3 (from the
// TimeProvider, never the database's clock, so a test fixes it). The snapshot at resolution and
// the eligibility check before each batch read the same text, so "still eligible" can never mean
// anything but "still in the audience".
internal static class AudienceConditions
{
    // "Won but not fully charged": entitled in the campaign with charged < won; never a
    // withdrawn member; only members reachable by mail (address and mail allowed) or by the
    // in-app inbox. The entitlement side is read through ix_entitlement_not_fully_charged.
    public const string WonNotFullyCharged = """
        FROM entitlement e
        JOIN member m ON m.id = e.member_id
        WHERE e.campaign_code = $2
          AND e.charged_amount_yen < e.won_amount_yen
          AND m.withdrawn_at IS NULL
          AND (m.email_opt_in OR m.inbox_opt_in)
        """;

    // "Charged with balance" (issue #17, point 8): charged something, has a balance left by the
    // platform's last balance export, and the usage deadline has not passed; never a withdrawn
    // member; reachable as above. Read through ix_entitlement_charged_with_balance.
    public const string ChargedWithBalance = """
        FROM entitlement e
        JOIN member m ON m.id = e.member_id
        WHERE e.campaign_code = $2
          AND e.charged_amount_yen > 0
          AND e.balance_yen > 0
          AND e.usage_deadline >= $3
          AND m.withdrawn_at IS NULL
          AND (m.email_opt_in OR m.inbox_opt_in)
        """;

    // "Listed members" (incident day, DESIGN.md "a leak stops itself"): whoever is listed, still a
    // member and reachable, whatever their entitlement. The list itself is not in this text: at
    // resolution AudienceResolver adds "AND m.public_id = ANY($4)" with it, and at send time the
    // members asked about are already a subset of the snapshot, hence of the list.
    public const string ListedMembers = """
        FROM member m
        WHERE m.withdrawn_at IS NULL
          AND (m.email_opt_in OR m.inbox_opt_in)
        """;

    private static readonly Dictionary<string, string> ByAudience = new(StringComparer.Ordinal)
    {
        [AudienceNames.WonNotFullyCharged] = WonNotFullyCharged,
        [AudienceNames.ChargedWithBalance] = ChargedWithBalance,
        [AudienceNames.ListedMembers] = ListedMembers,
    };

    public static string Known => string.Join("、", ByAudience.Keys);

    public static string? For(string audience) => ByAudience.GetValueOrDefault(audience);

    // The $3 of every condition: the calendar day in Japan (UTC+9, no daylight saving) at that instant.
    public static DateOnly DayInJapan(DateTimeOffset instant) =>
        DateOnly.FromDateTime(instant.ToOffset(TimeSpan.FromHours(9)).DateTime);
}
