namespace Habatan.Contracts.Entitlements;

// The voucher platform reports that a member charged (paid in) part of an entitlement.
// ChargeId makes the event idempotent: the same charge twice counts once.
public sealed record EntitlementCharged(
    Guid ChargeId,
    string MemberId,
    string CampaignCode,
    long AmountYen,
    DateTimeOffset ChargedAt
);
