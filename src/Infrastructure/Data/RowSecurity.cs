namespace Habatan.Infrastructure.Data;

// DESIGN.md "the database is the last line": a member-facing unit of work runs as habatan_member
// with the caller's subject set, an ops read as habatan_ops, each for its transaction only (the
// settings are SET LOCAL: a commit or rollback ends them, so a pooled connection never keeps
// them). The policies in each service's migrations then return only the rows that role may see,
// even to a query that forgot its owner filter. Call it first in the unit of work.
public static class RowSecurity
{
    public const string MemberRole = "habatan_member";
    public const string OpsRole = "habatan_ops";
    public const string SubjectSetting = "habatan.subject";

    public static Task AsMemberAsync(this DbSession session, string subject, CancellationToken cancellationToken) =>
        SwitchAsync(session, MemberRole, subject, cancellationToken);

    public static Task AsOpsAsync(this DbSession session, CancellationToken cancellationToken) =>
        SwitchAsync(session, OpsRole, "", cancellationToken);

    private static Task<int> SwitchAsync(
        DbSession session,
        string role,
        string subject,
        CancellationToken cancellationToken
    ) =>
        session.ExecuteAsync(
            $"SELECT set_config('role', $1, true), set_config('{SubjectSetting}', $2, true)",
            cancellationToken,
            role,
            subject
        );
}
