namespace Habatan.Applications.Review;

// An application in full, for a reviewer. Image bytes are not part of it: only what kind of
// file each side is, its size and digest.
public sealed record ApplicationDetail(
    string ApplicationNumber,
    string CampaignCode,
    string Status,
    string StatusLabel,
    string? InvalidReason,
    int Units,
    ApplicantDetail Representative,
    IReadOnlyList<HouseholdMemberDetail> HouseholdMembers,
    string DocumentType,
    IReadOnlyList<DocumentDetail> Documents,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<HistoryEntry> History
);

public sealed record ApplicantDetail(
    string FamilyName,
    string GivenName,
    string FamilyNameKana,
    string GivenNameKana,
    DateOnly BirthDate,
    string Gender,
    string Phone,
    string Email,
    string PostalCode,
    string Address
);

public sealed record HouseholdMemberDetail(
    string FamilyName,
    string GivenName,
    string FamilyNameKana,
    string GivenNameKana,
    DateOnly BirthDate,
    string Relationship
);

public sealed record DocumentDetail(string Side, string ContentType, int SizeBytes, string Sha256);

public sealed record HistoryEntry(
    string? From,
    string To,
    string Actor,
    string ActorRole,
    string Reason,
    IReadOnlyList<string> Items,
    DateTimeOffset At
);

public sealed record QueueEntry(
    string ApplicationNumber,
    string CampaignCode,
    string Status,
    string StatusLabel,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt
);

public sealed record TransitionRequest(
    string? To,
    [property: MultiLineText] string? Reason,
    IReadOnlyList<string>? Items
);

public sealed record TransitionResult(
    string ApplicationNumber,
    string Status,
    string StatusLabel,
    DateTimeOffset UpdatedAt
);
