using Habatan.Contracts.Campaigns;
using Habatan.Contracts.Entitlements;
using MassTransit;

namespace Habatan.Members.Entitlements;

// A charge reported by the voucher platform adds to the charged amount, once per ChargeId
// (entitlement_charge's primary key), whatever the message id it arrives under.
public sealed class EntitlementChargedConsumer(DbSession session) : IConsumer<EntitlementCharged>
{
    public async Task Consume(ConsumeContext<EntitlementCharged> context)
    {
        var charge = context.Message;
        var cancellationToken = context.CancellationToken;
        // A charge under another spelling would find no entitlement (or, worse, a second one).
        if (!CampaignCode.IsValid(charge.CampaignCode))
            throw new InvalidCampaignCodeException(nameof(EntitlementCharged), charge.CampaignCode);
        await using var find = await session.CommandAsync(
            """
            SELECT e.id FROM entitlement e JOIN member m ON m.id = e.member_id
            WHERE m.public_id = $1 AND e.campaign_code = $2
            FOR UPDATE OF e
            """,
            cancellationToken
        );
        find.Parameters.Add(new() { Value = charge.MemberId });
        find.Parameters.Add(new() { Value = charge.CampaignCode });
        // Thrown, so the message is retried: the approval that creates the entitlement may
        // still be on its way. After the retries it lands in the error queue for ops.
        var entitlementId =
            await find.ExecuteScalarAsync(cancellationToken) as long?
            ?? throw new EntitlementNotFoundException(charge.MemberId, charge.CampaignCode);

        var recorded = await session.ExecuteAsync(
            """
            INSERT INTO entitlement_charge (charge_id, entitlement_id, amount_yen, charged_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (charge_id) DO NOTHING
            """,
            cancellationToken,
            charge.ChargeId,
            entitlementId,
            charge.AmountYen,
            charge.ChargedAt
        );
        if (recorded == 1)
            await session.ExecuteAsync(
                "UPDATE entitlement SET charged_amount_yen = charged_amount_yen + $2, updated_at = now() WHERE id = $1",
                cancellationToken,
                entitlementId,
                charge.AmountYen
            );
    }
}
