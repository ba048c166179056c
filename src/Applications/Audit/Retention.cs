using Habatan.Infrastructure.Retention;

namespace Habatan.Applications.Audit;

// What Applications keeps only for a while (docs/operations.md, "Retention"). Periods are set
// under Retention:Periods; these defaults hold when configuration says nothing.
public static class Retention
{
    // The access audit answers "who saw my data" for as long as the law asks the records of the
    // programme to be kept: five years by default; set the prefecture's period in configuration.
    public static readonly RetentionRule AccessAudit = new(
        "access-audit",
        TimeSpan.FromDays(5 * 365 + 2),
        """
        DELETE FROM access_audit WHERE id IN (
            SELECT id FROM access_audit WHERE read_at < $1 ORDER BY read_at LIMIT $2)
        """
    );

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
