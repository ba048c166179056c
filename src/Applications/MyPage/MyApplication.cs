namespace Habatan.Applications.MyPage;

// What My Page shows: status, number, dates and what to correct. Never a name, an address, a
// phone number, an email or an image, not even the caller's own.
public sealed record MyPageView(
    IReadOnlyList<MyApplication> Applications,
    IReadOnlyList<SuspendedCampaign> SuspendedCampaigns
);

public sealed record MyApplication(
    string ApplicationNumber,
    string CampaignCode,
    string CampaignName,
    string Status,
    string StatusLabel,
    string? InvalidReason,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<CorrectionRequest> Corrections
);

public sealed record CorrectionRequest(IReadOnlyList<string> Items, DateTimeOffset RequestedAt);

// While ops have stopped a campaign, My Page says so instead of showing its applications.
public sealed record SuspendedCampaign(string CampaignCode, string CampaignName, string Message);

// What the applicant sends back: a note, and any contact details that were wrong.
public sealed record CorrectionSubmission(
    [property: MultiLineText] string? Note,
    string? Phone,
    string? Email,
    string? PostalCode,
    string? Address
);
