namespace Habatan.ServiceDefaults.Identity;

// Ops roles travel as "role" claims in the token. A member without any is an applicant.
public static class Roles
{
    public const string Reviewer = "reviewer";
    public const string Operator = "operator";
    public const string Approver = "approver";
    public const string Auditor = "auditor";
    public const string Admin = "admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Reviewer,
        Operator,
        Approver,
        Auditor,
        Admin,
    };
}
