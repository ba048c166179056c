using Habatan.Applications.Lifecycle;

namespace Habatan.Applications.Submissions;

// The completion screen's content. It names this application only: its own number, status and
// (when invalid) why. No link, no other record's number, nothing personal.
public sealed record SubmissionResult(
    string ApplicationNumber,
    string Status,
    string StatusLabel,
    string? Reason,
    DateTimeOffset SubmittedAt,
    string Message
)
{
    public static SubmissionResult Valid(string number, DateTimeOffset submittedAt) =>
        new(
            Lifecycle.ApplicationNumber.Display(number),
            nameof(ApplicationStatus.Submitted),
            ApplicationStatusLabels.Label(ApplicationStatus.Submitted),
            null,
            submittedAt,
            "申請を受け付けました。審査の状況はマイページでご確認いただけます。"
        );

    public static SubmissionResult Invalid(string number, string reason, DateTimeOffset submittedAt) =>
        new(
            Lifecycle.ApplicationNumber.Display(number),
            nameof(ApplicationStatus.Invalid),
            ApplicationStatusLabels.Label(ApplicationStatus.Invalid),
            reason,
            submittedAt,
            "この申請は無効です。先に受け付けた申請の状況はマイページでご確認ください。"
        );
}
