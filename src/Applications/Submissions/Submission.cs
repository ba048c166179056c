namespace Habatan.Applications.Submissions;

// A submission that passed every check, normalised and ready to store.
public sealed record Submission(
    int Units,
    Representative Representative,
    IReadOnlyList<HouseholdMember> Household,
    string DocumentType,
    IReadOnlyList<DocumentImage> Documents
);

public sealed record Representative(
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

public sealed record HouseholdMember(
    string FamilyName,
    string GivenName,
    string FamilyNameKana,
    string GivenNameKana,
    DateOnly BirthDate,
    string Relationship
);
