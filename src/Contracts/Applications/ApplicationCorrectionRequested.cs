namespace Habatan.Contracts.Applications;

// A reviewer asked the applicant to fix something. Notifications mails the applicant (and
// puts a note in the member's in-app inbox) telling them what to fix on My Page. The mail
// carries the application number and the items to fix, never other personal data.
public sealed record ApplicationCorrectionRequested(
    Guid RequestId,
    string ApplicationNumber,
    string CampaignCode,
    string MemberId,
    string Email,
    IReadOnlyList<string> Items,
    DateTimeOffset RequestedAt
);
