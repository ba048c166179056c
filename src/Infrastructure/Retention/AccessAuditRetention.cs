namespace Habatan.Infrastructure.Retention;

// Every service's access audit (a table access_audit with read_at) answers "who saw my data" for
// as long as the law asks the programme's records to be kept: five years unless
// Retention:Periods:access-audit sets the prefecture's period.
public static class AccessAuditRetention
{
    public static readonly RetentionRule Rule = new(
        "access-audit",
        TimeSpan.FromDays(5 * 365 + 2),
        """
        DELETE FROM access_audit WHERE id IN (
            SELECT id FROM access_audit WHERE read_at < $1 ORDER BY read_at LIMIT $2)
        """
    );
}
