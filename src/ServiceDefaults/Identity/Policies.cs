namespace Habatan.ServiceDefaults.Identity;

// Authorization policies by name: the gateway's routes and the services' endpoints use the same.
public static class Policies
{
    public const string Member = "member";
    public const string Reviewer = "reviewer";
    public const string Operator = "operator";
    public const string Approver = "approver";
    public const string Auditor = "auditor";
    public const string Admin = "admin";

    // Ops pages shared by operators and approvers; each endpoint then asks for its own role.
    public const string Ops = "ops";
    public const string Public = "anonymous"; // YARP's built-in name for "no authentication"
}
