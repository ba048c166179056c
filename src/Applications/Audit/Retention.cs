using Habatan.Infrastructure.Retention;

namespace Habatan.Applications.Audit;

// What Applications keeps only for a while (docs/operations.md, "Retention"). Periods are set
// under Retention:Periods; these defaults hold when configuration says nothing.
public static class Retention
{
    public static readonly RetentionRule AccessAudit = AccessAuditRetention.Rule;

    // ID-document images are needed while an application is reviewed, and a little after for an
    // objection; then they go. Review has ended when the application is Approved, Rejected or
    // Invalid; updated_at is when it got there (nothing changes a finished application).
    public static readonly RetentionRule IdImages = new(
        "id-images",
        TimeSpan.FromDays(90),
        """
        DELETE FROM application_document WHERE (application_id, side) IN (
            SELECT d.application_id, d.side
            FROM application_document d JOIN application a ON a.id = d.application_id
            WHERE a.status IN ('Approved', 'Rejected', 'Invalid') AND a.updated_at < $1
            LIMIT $2)
        """
    );
}
