using System.Globalization;
using Habatan.Applications.Campaigns;

namespace Habatan.Applications.Demo;

// The demo's two tranches, as an operator would create them: the first, closed, whose winners
// Members knows from the platform's entitlement file (the reminder walk-through), and the
// second, open for a newcomer to apply to. Windows are set from the day of the first start, so
// the open one has a deadline in the future.
public static class DemoCampaigns
{
    public const string Closed = "ippan-2026-1";
    public const string Open = "ippan-2026-2";

    public static IReadOnlyList<CreateCampaignRequest> At(DateTimeOffset now)
    {
        var today = Jst.DateOf(now);
        string At(DateOnly day, int hour) =>
            day.ToDateTime(new TimeOnly(hour, 0)).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        return
        [
            Tranche(Closed, "はばタンPay+ 一般枠（第1期）", At(today.AddDays(-90), 10), At(today.AddDays(-30), 20)),
            Tranche(Open, "はばタンPay+ 一般枠（第2期）", At(today.AddDays(-1), 10), At(today.AddDays(60), 20)),
        ];
    }

    // 5,000 yen a unit with 25 % on top, 4 units at most; no household members needed, so the
    // newcomer's form stays short. A passport needs no back side.
    private static CreateCampaignRequest Tranche(string code, string name, string opensAt, string closesAt) =>
        new(
            code,
            name,
            opensAt,
            closesAt,
            UnitPriceYen: 5000,
            PremiumRatePercent: 25,
            UnitLimit: 4,
            HouseholdMembersRequired: false,
            AcceptedDocuments: ["drivers-license", "my-number-card", "passport"]
        );
}
