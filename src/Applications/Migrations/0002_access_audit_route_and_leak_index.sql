-- The route that read the data, so the breach-scope report can narrow to one (a new route is
-- the likeliest place for a forgotten owner filter). Rows written before this have none.
ALTER TABLE access_audit ADD COLUMN route text NULL;

-- The leak's signature: a member read data whose owner is someone else. By design there are no
-- such rows, so this partial index stays empty and the breach-scope report (Audit/BreachScope.cs)
-- finds every one in a window without touching the millions of ordinary reads.
CREATE INDEX ix_access_audit_leak ON access_audit (read_at)
    WHERE actor_role = 'applicant' AND actor_subject <> owner_subject;

-- Retention (Audit/Retention.cs) deletes the oldest rows first, by read time.
CREATE INDEX ix_access_audit_read_at ON access_audit (read_at);
