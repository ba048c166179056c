namespace Habatan.FunctionalTests;

// Ops accounts the fixture grants roles to at start; applicants use fresh addresses.
internal static class Accounts
{
    public const string Operator = "operator@ops.habatan.example";
    public const string Admin = "admin@ops.habatan.example";
    public const string Reviewer = "reviewer@ops.habatan.example";
    public const string Auditor = "auditor@ops.habatan.example";
    public const string Approver = "approver@ops.habatan.example";

    public static string NewApplicant() => $"parent-{Guid.NewGuid():N}@example.jp";
}
