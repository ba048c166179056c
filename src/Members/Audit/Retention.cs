using Habatan.Infrastructure.Retention;

namespace Habatan.Members.Audit;

// What Members keeps only for a while (docs/operations.md, "Retention"): the access audit, for
// the legal period, five years unless Retention:Periods:access-audit says otherwise.
public static class Retention
{
    public static readonly RetentionRule AccessAudit = new(
        "access-audit",
        TimeSpan.FromDays(5 * 365 + 2),
        """
        DELETE FROM access_audit WHERE id IN (
            SELECT id FROM access_audit WHERE read_at < $1 ORDER BY read_at LIMIT $2)
        """
    );
}
