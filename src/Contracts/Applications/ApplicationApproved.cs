namespace Habatan.Contracts.Applications;

// A reviewer approved an application. Members turns it into the member's entitlement for the
// campaign. Amounts are whole yen: PurchaseAmountYen = units x unit price (what the member
// pays in when charging), PremiumAmountYen = the premium on top. Ids are public ids: the
// application's random id and the member's subject, never internal keys.
public sealed record ApplicationApproved(
    string ApplicationId,
    string CampaignCode,
    string MemberId,
    int Units,
    long PurchaseAmountYen,
    long PremiumAmountYen,
    DateTimeOffset ApprovedAt
);
