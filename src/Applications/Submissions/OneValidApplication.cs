namespace Habatan.Applications.Submissions;

// One valid application per member, and per household, in each campaign (DESIGN.md, incident 1,
// point 4). The database holds the rule itself, with partial unique indexes over the rows that
// are not Invalid (Migrations/0001_applications.sql), so two concurrent submissions cannot both
// get through, whatever path writes the row. A submission that violates one is kept, Invalid, with
// its own number and the reason below, and never linked to the application it collided with.
public static class OneValidApplication
{
    public const string PerMemberIndex = "ux_application_member";
    public const string PerHouseholdByPhoneIndex = "ux_application_household_phone";
    public const string PerHouseholdByAddressIndex = "ux_application_household_address";

    public const string SameMember =
        "このキャンペーンには、このアカウントからすでに申請があります（1人1申請）。二重申請のため、この申請は無効です。";
    public const string SameHousehold =
        "同じ世帯の方（氏名のフリガナ・生年月日と、電話番号または住所が同じ）からすでに申請があります（1世帯1申請）。この申請は無効です。";

    // The rule a unique violation broke and the reason the applicant reads, by the index that
    // caught it; null for any other constraint.
    public static (string Rule, string Reason)? Violated(string? constraint) =>
        constraint switch
        {
            PerMemberIndex => ("member", SameMember),
            PerHouseholdByPhoneIndex => ("household-phone", SameHousehold),
            PerHouseholdByAddressIndex => ("household-address", SameHousehold),
            _ => null,
        };
}
