namespace Habatan.Benchmark.Data;

// The voucher campaigns of the generated data, named after the incident's: the child tranche
// whose reminder should have gone to 24,308 of its 217,120 winners, and the general sale whose
// 220,000 not-fully-charged winners are the fan-out case.
internal static class Campaigns
{
    // Lower case: the one campaign-code rule (Contracts/Campaigns/CampaignCode) of every service.
    public const string Kosodate = "habatan-2026-kosodate";
    public const string Ippan = "habatan-2026-ippan";

    public const int Members = 1_150_000;
    public const int IppanNotFullyCharged = 220_000;
    public const int KosodateNotFullyCharged = 24_308;
    public const int KosodateEntitled = 217_120;
    public const int Withdrawn = 11_500;
    public const int TrancheApplications = 198_674;
    public const long UnitPriceYen = 5_000;
}
