using Habatan.Infrastructure.Data;

namespace Habatan.Members.Entitlements;

public static class EntitlementsApi
{
    // Ops look up a member's entitlements by the member's public id (an ops route: the
    // operator policy, not the id, is what authorises it).
    public static RouteGroupBuilder MapEntitlementsApi(this RouteGroupBuilder ops)
    {
        ops.MapGet("/members/{memberId}/entitlements", ListAsync);
        return ops;
    }

    private static async Task<IResult> ListAsync(string memberId, DbSession session, CancellationToken cancellationToken)
    {
        if (await MemberKeys.InternalIdAsync(session, memberId, cancellationToken) is not { } id)
            return TypedResults.Problem(title: "会員が見つかりません。", detail: "会員ID（32桁）を確認してください。", statusCode: StatusCodes.Status404NotFound);

        await using var command = await session.CommandAsync("""
            SELECT campaign_code, units, won_amount_yen, premium_amount_yen, charged_amount_yen, application_id, created_at, updated_at
            FROM entitlement WHERE member_id = $1 ORDER BY campaign_code
            """, cancellationToken);
        command.Parameters.Add(new() { Value = id });
        var entitlements = new List<EntitlementView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            entitlements.Add(new EntitlementView(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7)));
        return TypedResults.Ok(new MemberEntitlements(memberId, entitlements));
    }
}

public sealed record MemberEntitlements(string MemberId, IReadOnlyList<EntitlementView> Entitlements);

public sealed record EntitlementView(
    string CampaignCode, int Units, long WonAmountYen, long PremiumAmountYen, long ChargedAmountYen, string? ApplicationId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
