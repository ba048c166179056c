namespace Habatan.FunctionalTests.Fuzzing;

// Who the fuzzer signs in as: nobody, an applicant, and each ops role.
internal sealed record FuzzIdentity(string Name, string? Email)
{
    public static IReadOnlyList<FuzzIdentity> All { get; } =
    [
        new("anonymous", null),
        new("member", Accounts.NewApplicant()),
        new("reviewer", Accounts.Reviewer),
        new("operator", Accounts.Operator),
        new("approver", Accounts.Approver),
        new("auditor", Accounts.Auditor),
        new("admin", Accounts.Admin),
    ];
}
