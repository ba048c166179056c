namespace Habatan.Infrastructure.Retention;

// One kind of row a service keeps only for a while: a name (the key under Retention:Periods in
// configuration), the period it is kept when configuration says nothing, and a DELETE of at
// most $2 rows older than the cutoff $1 (the oldest first, so a run that stops early resumes).
public sealed record RetentionRule(string Name, TimeSpan DefaultPeriod, string DeleteBatchSql);
