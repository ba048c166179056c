using Habatan.Applications.Lifecycle;

namespace Habatan.Applications.Submissions;

// The completion screen's content. It names this application only: its own number, status and
// (when invalid) why. No link, no other record's number, nothing personal.
public sealed record SubmissionResult(string ApplicationNumber, string Status, string StatusLabel, string? Reason, DateTimeOffset SubmittedAt, string Message)
{
    public static SubmissionResult Valid(string number, DateTimeOffset submittedAt) => new(
        Lifecycle.ApplicationNumber.Display(number), nameof(ApplicationStatus.Submitted), ApplicationStatusLabels.Label(ApplicationStatus.Submitted), null, submittedAt,
        "申請を受け付けました。審査の状況はマイページでご確認いただけます。");

    public static SubmissionResult Invalid(string number, string reason, DateTimeOffset submittedAt) => new(
        Lifecycle.ApplicationNumber.Display(number), nameof(ApplicationStatus.Invalid), ApplicationStatusLabels.Label(ApplicationStatus.Invalid), reason, submittedAt,
        "この申請は無効です。先に受け付けた申請の状況はマイページでご確認ください。");
}

// Why a duplicate is invalid, by the unique index that caught it.
public static class DuplicateReasons
{
    public const string SameMember = "このキャンペーンには、このアカウントからすでに申請があります（1人1申請）。二重申請のため、この申請は無効です。";
    public const string SameHousehold = "同じ世帯の方（氏名のフリガナ・生年月日と、電話番号または住所が同じ）からすでに申請があります（1世帯1申請）。この申請は無効です。";

    public static (string Rule, string Reason)? For(string? constraint) => constraint switch
    {
        "ux_application_member" => ("member", SameMember),
        "ux_application_household_phone" => ("household-phone", SameHousehold),
        "ux_application_household_address" => ("household-address", SameHousehold),
        _ => null,
    };
}
